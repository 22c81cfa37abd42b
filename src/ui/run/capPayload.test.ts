import { describe, expect, it } from 'vitest';
import { capPayload } from './capPayload';

const ex = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `t${i}`, label: i % 2 }));
const p = { id: 'd', name: 'D', labelNames: ['a', 'b'], train: ex(10), validation: ex(4), test: ex(6), ood: ex(3) };

describe('capPayload', () => {
  it('keeps at most n examples per split', () => {
    const c = capPayload(p, 5);
    expect([c.train.length, c.validation.length, c.test.length, c.ood.length]).toEqual([5, 4, 5, 3]);
    expect(c.train[4].text).toBe('t4');
  });
  it('keeps everything for n = 0', () => {
    expect(capPayload(p, 0)).toBe(p);
  });
});
