import { describe, expect, it } from 'vitest';
import { capPayload } from './cap_payload';

const ex = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `t${i}`, label: i % 2 }));
const p = { id: 'd', name: 'D', labelNames: ['a', 'b'], train: ex(10), validation: ex(4), test: ex(6), ood: ex(3) };

describe('capPayload', () => {
  it('keeps at most n examples per split', () => {
    const c = capPayload(p, 5);
    expect([c.train.length, c.validation.length, c.test.length, c.ood.length]).toEqual([5, 4, 5, 3]);
    // A seeded sample, not the first rows: the same for the same seed, different for another.
    expect(c.train).toEqual(capPayload(p, 5).train);
    expect(c.train.map((e) => e.text)).not.toEqual(['t0', 't1', 't2', 't3', 't4']);
    expect(new Set(c.train.map((e) => e.text)).size).toBe(5);
    expect(c.ood).toBe(p.ood);
  });
  it('keeps everything for n = 0', () => {
    expect(capPayload(p, 0)).toBe(p);
  });
});
