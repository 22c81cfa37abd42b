// Hand-computed calibration cases and bin-edge rules.
import { describe, expect, it } from 'vitest';
import { ace, binIndex, confidenceHistogram, ece, equalMassEdges, equalWidthEdges, mce, reliabilityDiagram } from './index';

// Four binary examples (all values exact in f32):
//   p = [0.75, 0.25], y = 0 → conf 0.75, correct   → bin (0.7, 0.8]
//   p = [0.25, 0.75], y = 0 → conf 0.75, wrong     → bin (0.7, 0.8]
//   p = [1, 0],       y = 0 → conf 1.0,  correct   → last bin (0.9, 1.0]
//   p = [0.5, 0.5],   y = 1 → argmax 0 (first of a tie), conf 0.5, wrong → bin (0.4, 0.5]
const probs = Float32Array.from([0.75, 0.25, 0.25, 0.75, 1, 0, 0.5, 0.5]);
const labels = Int32Array.from([0, 0, 0, 1]);

describe('ECE / MCE / ACE by hand', () => {
  it('10 equal-width bins: bins 4, 7, 9 hold 1, 2, 1 examples', () => {
    const bins = reliabilityDiagram(probs, 2, labels, { nBins: 10, binning: 'width' });
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 1, 0, 0, 2, 0, 1]);
    // bin 4: acc 0, conf 0.5 → gap −0.5; bin 7: acc 1/2, conf 0.75 → gap −0.25; bin 9: acc 1, conf 1 → gap 0
    expect(bins[4]).toMatchObject({ accuracy: 0, confidence: 0.5, gap: -0.5, empty: false });
    expect(bins[7]).toMatchObject({ accuracy: 0.5, confidence: 0.75, gap: -0.25, empty: false });
    expect(bins[9]).toMatchObject({ accuracy: 1, confidence: 1, gap: 0, empty: false, hi: 1 });
    expect(bins.filter((b) => b.empty)).toHaveLength(7);
    // ECE = (1·0.5 + 2·0.25 + 1·0) / 4 = 0.25; MCE = max(0.5, 0.25, 0) = 0.5
    expect(ece(probs, 2, labels, { nBins: 10, binning: 'width' })).toBeCloseTo(0.25, 12);
    expect(mce(probs, 2, labels, { nBins: 10, binning: 'width' })).toBeCloseTo(0.5, 12);
  });

  it('2 equal-mass bins: edge = sorted conf [0.5, 0.75, 0.75, 1][⌈4/2⌉ − 1] = 0.75', () => {
    const bins = reliabilityDiagram(probs, 2, labels, { nBins: 2, binning: 'mass' });
    expect(bins.map((b) => [b.lo, b.hi, b.count])).toEqual([
      [0, 0.75, 3],
      [0.75, 1, 1],
    ]);
    // bin 0: acc 1/3, conf (0.5 + 0.75 + 0.75)/3 = 2/3 → |gap| = 1/3; bin 1: gap 0
    // ACE = (3/4)·(1/3) + 0 = 0.25
    expect(ace(probs, 2, labels, 2)).toBeCloseTo(0.25, 12);
  });

  it('all examples in one bin: the other bins are returned, flagged empty, and ECE = |acc − conf|', () => {
    // 5 rows with conf 0.875 (bin (0.8, 0.9]), 3 of them correct: ECE = |0.6 − 0.875| = 0.275
    const p = Float32Array.from([0.875, 0.125, 0.875, 0.125, 0.875, 0.125, 0.125, 0.875, 0.125, 0.875]);
    const y = Int32Array.from([0, 0, 0, 0, 0]); // the last two predict class 1 → wrong
    const bins = reliabilityDiagram(p, 2, y, { nBins: 15, binning: 'width' });
    expect(bins).toHaveLength(15);
    expect(bins.filter((b) => !b.empty).map((b) => b.count)).toEqual([5]);
    expect(bins.filter((b) => b.empty).every((b) => b.count === 0 && b.gap === 0)).toBe(true);
    expect(ece(p, 2, y, { nBins: 15, binning: 'width' })).toBeCloseTo(0.275, 7);
    expect(mce(p, 2, y, { nBins: 15, binning: 'width' })).toBeCloseTo(0.275, 7);
  });

  it('N = 1: ECE = MCE = |1 − conf| for a correct prediction', () => {
    const p = Float32Array.from([0.125, 0.625, 0.25]);
    const y = Int32Array.from([1]);
    for (const binning of ['width', 'mass'] as const) {
      expect(ece(p, 3, y, { nBins: 20, binning })).toBeCloseTo(0.375, 12);
      expect(mce(p, 3, y, { nBins: 20, binning })).toBeCloseTo(0.375, 12);
    }
  });

  it('equal-mass bins with N < B: repeated edges give empty, flagged bins, and counts still sum to N', () => {
    const bins = reliabilityDiagram(probs, 2, labels, { nBins: 10, binning: 'mass' });
    expect(bins).toHaveLength(10);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(4);
    expect(bins.some((b) => b.empty)).toBe(true);
    expect(bins.every((b) => b.empty === (b.count === 0))).toBe(true);
  });
});

describe('bin edges and the lo < conf ≤ hi rule', () => {
  it('conf exactly 1.0 falls in the last bin and 0 in the first, for 10, 15, 20 bins', () => {
    for (const n of [10, 15, 20]) {
      const e = equalWidthEdges(n);
      expect(e[0]).toBe(0);
      expect(e[n]).toBe(1);
      expect(binIndex(e, 1)).toBe(n - 1);
      expect(binIndex(e, 0)).toBe(0);
    }
  });

  it('a confidence on an interior edge belongs to the bin below it', () => {
    const e = equalWidthEdges(10);
    expect(binIndex(e, e[3])).toBe(2); // 0.3 ∈ (0.2, 0.3]
    expect(binIndex(e, 0.30000001)).toBe(3);
    expect(binIndex(e, 0.5)).toBe(4);
    expect(binIndex(equalWidthEdges(20), 0.05)).toBe(0);
  });

  it('equal-mass edges are order statistics c₍⌈bN/B⌉−1₎', () => {
    // sorted: 0.2 0.4 0.6 0.8 0.9; B = 2 → ⌈5/2⌉ − 1 = 2 → 0.6
    expect(Array.from(equalMassEdges([0.9, 0.2, 0.6, 0.4, 0.8], 2))).toEqual([0, 0.6, 1]);
    // B = 4 → indices ⌈5/4⌉−1 = 1, ⌈10/4⌉−1 = 2, ⌈15/4⌉−1 = 3
    expect(Array.from(equalMassEdges([0.9, 0.2, 0.6, 0.4, 0.8], 4))).toEqual([0, 0.4, 0.6, 0.8, 1]);
  });

  it('rejects a non-positive bin count', () => {
    expect(() => equalWidthEdges(0)).toThrow(RangeError);
  });
});

describe('confidence histogram', () => {
  it('counts per equal-width bin, split by correctness', () => {
    const h = confidenceHistogram(probs, 2, 10, labels);
    expect(h.map((b) => b.count)).toEqual([0, 0, 0, 0, 1, 0, 0, 2, 0, 1]);
    expect(h[7]).toMatchObject({ correct: 1, incorrect: 1 });
    expect(h[4]).toMatchObject({ correct: 0, incorrect: 1 });
    expect(h[9]).toMatchObject({ correct: 1, incorrect: 0 });
  });

  it('works without labels', () => {
    const h = confidenceHistogram(probs, 2, 5);
    expect(h.map((b) => b.count)).toEqual([0, 0, 1, 2, 1]);
  });
});
