import { describe, expect, it } from 'vitest';
import { binEdges, binIndex } from '../../metrics/binning';
import { reliabilityFromConfidences } from '../../metrics/reliability';
import { summaryBins } from './summary_bins';
import { MIN_WIDTH, binSpans } from '../charts/bin_spans';

// 40 confidences spread over [0.6, 0.72], as a binary model near its prior gives; every other one correct.
const conf = Array.from({ length: 40 }, (_, i) => 0.6 + (0.12 * ((i * 7) % 40)) / 39);
const correct = conf.map((_, i) => i % 2);

describe('binSpans', () => {
  it('draws equal-mass bins over the confidences they hold, not out to the conventional edges 0 and 1', () => {
    const bins = reliabilityFromConfidences(conf, correct, { nBins: 5, binning: 'mass' });
    expect(bins[0].lo).toBe(0);
    expect(bins[4].hi).toBe(1);
    const spans = binSpans(bins, 'mass');
    expect(spans[0].x1).toBeCloseTo(0.6, 6);
    expect(spans[4].x2).toBeCloseTo(0.72, 6);
    // Interior edges are the data's own: kept as they are.
    for (let b = 1; b < 4; b++) expect(spans[b]).toEqual({ x1: bins[b].lo, x2: bins[b].hi });
    // Together the bars cover the data's range once: 0.12 wide, where the raw edges span 1.
    expect(spans.reduce((s, x) => s + (x.x2 - x.x1), 0)).toBeCloseTo(0.12, 6);
    // Each example lies inside the bar of its bin.
    const edges = binEdges(conf, 5, 'mass');
    for (const c of conf) {
      const s = spans[binIndex(edges, c)];
      expect(c).toBeGreaterThanOrEqual(s.x1 - 1e-12);
      expect(c).toBeLessThanOrEqual(s.x2 + 1e-12);
    }
  });
  it('keeps equal-width bins on their grid cells', () => {
    const bins = reliabilityFromConfidences(conf, correct, { nBins: 10, binning: 'width' });
    const spans = binSpans(bins, 'width');
    expect(spans[0]).toEqual({ x1: 0, x2: 0.1 });
    expect(spans[6].x1).toBeCloseTo(0.6, 12);
    expect(spans[6].x2).toBeCloseTo(0.7, 12);
  });
  it('gives an equal-mass bin of tied confidences a visible width, and empty outer bins none', () => {
    // Six examples at 0.8 and two at 0.9, four bins: ties collapse edges into empty bins.
    const tied = [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.9, 0.9];
    const bins = reliabilityFromConfidences(tied, [1, 1, 1, 0, 0, 0, 1, 1], { nBins: 4, binning: 'mass' });
    const spans = binSpans(bins, 'mass');
    const first = bins.findIndex((b) => !b.empty);
    expect(spans[first].x2 - spans[first].x1).toBeCloseTo(MIN_WIDTH, 12);
    expect((spans[first].x1 + spans[first].x2) / 2).toBeCloseTo(0.8, 12);
    bins.forEach((b, i) => {
      if (b.empty) expect(spans[i].x2 - spans[i].x1).toBeLessThanOrEqual(0.1 + 1e-12);
    });
    expect(Math.max(...spans.map((s) => s.x2))).toBeCloseTo(0.9, 12);
  });
  it('falls back to [lo, hi] for bins from a link, which carry no confidence range', () => {
    const bins = summaryBins([
      { lo: 0, hi: 0.7, count: 3, acc: 0.5, conf: 0.65 },
      { lo: 0.7, hi: 1, count: 3, acc: 1, conf: 0.8 },
    ]);
    expect(binSpans(bins, 'mass')).toEqual([
      { x1: 0, x2: 0.7 },
      { x1: 0.7, x2: 1 },
    ]);
  });
});
