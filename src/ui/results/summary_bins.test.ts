import { describe, expect, it } from 'vitest';
import { summaryBins } from './summary_bins';

describe('summaryBins', () => {
  it('restores gaps and flags empty bins', () => {
    const b = summaryBins([
      { lo: 0, hi: 0.5, count: 0, acc: 0, conf: 0 },
      { lo: 0.5, hi: 1, count: 4, acc: 0.75, conf: 0.9 },
    ]);
    expect(b[0]).toMatchObject({ empty: true, gap: 0, count: 0 });
    expect(b[1].empty).toBe(false);
    expect(b[1].gap).toBeCloseTo(-0.15, 10);
    expect(b[1]).toMatchObject({ accuracy: 0.75, confidence: 0.9, lo: 0.5, hi: 1 });
  });
});
