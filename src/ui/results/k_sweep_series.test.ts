import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../train/protocol';
import { kSweepRows } from './k_sweep_series';

describe('kSweepRows', () => {
  it('scores every k against the test labels with the chart bins', () => {
    const labels = Int32Array.of(0, 1);
    const run = {
      nClasses: 2,
      test: { labels },
      kSweep: [
        { K: 0, probs: Float32Array.of(0.9, 0.1, 0.2, 0.8) },
        { K: 2, probs: Float32Array.of(0.4, 0.6, 0.2, 0.8) },
      ],
    } as unknown as RunResult;
    const rows = kSweepRows(run, { bins: 10, binning: 'width', oodScore: 'entropy' });
    expect(rows.map((r) => r.K)).toEqual([0, 2]);
    expect(rows[0].accuracy).toBe(1);
    expect(rows[0].nll).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 6);
    // Both correct: ECE = mean gap = (0.1 + 0.2) / 2.
    expect(rows[0].ece).toBeCloseTo(0.15, 6);
    expect(rows[1].accuracy).toBe(0.5);
    // Bin 0.6 holds a wrong prediction (gap 0.6), bin 0.8 a right one (gap 0.2): (0.6 + 0.2) / 2.
    expect(rows[1].ece).toBeCloseTo(0.4, 6);
  });
});
