import { describe, expect, it } from 'vitest';
import { aggregate, markdownTable, median, std, type ResultRow } from './aggregate';

const row = (seed: number, accuracy: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  dataset: 'd',
  method: 'LoRA-XS',
  r: 2,
  seed,
  accuracy,
  ece: 0.1 * seed,
  nll: 0.5,
  brier: 0.3,
  trainableParams: 64,
  storedParams: 0,
  seconds: 1,
  ...extra,
});

describe('aggregate', () => {
  it('computes median and sample std per (data set, method, r, K)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(std([1, 2, 3])).toBeCloseTo(1, 12);
    expect(std([5])).toBe(0);
    const a = aggregate([row(0, 0.8), row(1, 0.9), row(2, 0.7), row(0, 0.5, { K: 2, method: 'B-LoRA-XS' })]);
    expect(a).toHaveLength(2);
    expect(a[0].metrics.accuracy).toEqual({ median: 0.8, std: expect.closeTo(0.1, 12) });
    expect(a[0].metrics.aurocEntropy).toBeUndefined();
    expect(a[1].K).toBe(2);
    const md = markdownTable(a);
    expect(md).toContain('| d | LoRA-XS | 2 | — | — | 3 | 64 | 0 | 0.800 ± 0.100 |');
    expect(md).toContain('| B-LoRA-XS | 2 | 2 | — | 1 |');
  });
});
