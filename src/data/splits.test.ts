// stratifiedSplit on a big file: a class of 400,000 rows used to overflow the call stack
// ("Maximum call stack size exceeded" from push(...slice)); the split must be exact and seeded.
import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './splits';

describe('stratifiedSplit', () => {
  it('splits 400,000 rows of one class (and a second class) without overflowing the stack', () => {
    const examples = Array.from({ length: 400_005 }, (_, i) => ({ text: `row ${i}`, label: i < 400_000 ? 0 : 1 }));
    const s = stratifiedSplit(examples, { validation: 0.1, test: 0.1 }, 3);
    expect(s.validation.length + s.test.length + s.train.length).toBe(examples.length);
    expect(s.validation.filter((e) => e.label === 0)).toHaveLength(40_000);
    expect(s.test.filter((e) => e.label === 0)).toHaveLength(40_000);
    expect(new Set([...s.train, ...s.validation, ...s.test].map((e) => e.text)).size).toBe(examples.length);
    const again = stratifiedSplit(examples, { validation: 0.1, test: 0.1 }, 3);
    expect(again.test.slice(0, 5)).toEqual(s.test.slice(0, 5));
  });
});
