// Bootstrap intervals: a case whose intervals are known exactly, the binomial width, coverage of a
// known accuracy, determinism, and agreement with numpy (tools/stats/bootstrap_ci.py).
import { describe, expect, it } from 'vitest';
import { philoxUniform } from '../rng/philox';
import fixture from './__fixtures__/bootstrap_ci.json';
import { BOOTSTRAP_STREAM, bootstrapIntervals, resampleIndices } from './bootstrap_ci';
import { summarize } from './summarize';
import type { Binning } from './types';

/** N two-class examples, each predicted with confidence `conf`; `correct(i)` says which are right. */
function twoClass(n: number, conf: number, correct: (i: number) => boolean) {
  const probs = new Float32Array(2 * n),
    labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    probs[2 * i] = conf;
    probs[2 * i + 1] = 1 - conf;
    labels[i] = correct(i) ? 0 : 1;
  }
  return { probs, labels };
}

describe('bootstrap intervals', () => {
  it('collapse to the exact value when every example is alike', () => {
    // Every example right at confidence 0.75: each resample has acc 1, ECE 0.25, Brier 2·0.25², NLL −ln 0.75.
    const { probs, labels } = twoClass(200, 0.75, () => true);
    const ci = bootstrapIntervals(probs, 2, labels, { nBins: 10, binning: 'width', replicates: 200 });
    expect(ci.acc).toEqual({ lo: 1, hi: 1 });
    expect(ci.ece.lo).toBeCloseTo(0.25, 12);
    expect(ci.ece.hi).toBeCloseTo(0.25, 12);
    expect(ci.brier.lo).toBeCloseTo(0.125, 12);
    expect(ci.nll.hi).toBeCloseTo(-Math.log(0.75 + 1e-9), 12);
  });

  it('has the binomial width for accuracy and holds the point estimate', () => {
    const n = 1000;
    const { probs, labels } = twoClass(n, 0.9, (i) => i % 5 !== 0); // accuracy 0.8
    const ci = bootstrapIntervals(probs, 2, labels, { nBins: 15, binning: 'width' });
    const half = 1.96 * Math.sqrt((0.8 * 0.2) / n); // 0.0248
    expect((ci.acc.hi - ci.acc.lo) / 2).toBeGreaterThan(0.85 * half);
    expect((ci.acc.hi - ci.acc.lo) / 2).toBeLessThan(1.15 * half);
    const m = summarize(probs, 2, labels, { nBins: 15 });
    for (const [k, v] of [
      ['acc', m.accuracy],
      ['ece', m.ece],
      ['nll', m.nll],
      ['brier', m.brier],
    ] as const) {
      expect(ci[k].lo, k).toBeLessThan(v);
      expect(ci[k].hi, k).toBeGreaterThan(v);
    }
  });

  it('covers a known accuracy about 95 % of the time', () => {
    // 120 test sets of 150 examples, each example right with probability 0.7 (Philox draws).
    const sets = 120,
      n = 150;
    let covered = 0;
    const u = new Float32Array(n);
    for (let s = 0; s < sets; s++) {
      philoxUniform(99, s, u);
      const { probs, labels } = twoClass(n, 0.8, (i) => u[i] < 0.7);
      const ci = bootstrapIntervals(probs, 2, labels, { nBins: 10, binning: 'width', replicates: 300, seed: s + 1 });
      if (ci.acc.lo <= 0.7 && 0.7 <= ci.acc.hi) covered++;
    }
    // Binomial spread of 120 trials around 0.95 is ±0.02; the percentile interval runs a little short at N = 150.
    expect(covered / sets).toBeGreaterThan(0.86);
    expect(covered / sets).toBeLessThan(0.99);
  });

  it('is deterministic in its seed and changes with it', () => {
    const { probs, labels } = twoClass(300, 0.7, (i) => (i * 7) % 10 < 6);
    const opts = { nBins: 10, binning: 'mass' as Binning, replicates: 200 };
    const a = bootstrapIntervals(probs, 2, labels, opts);
    expect(bootstrapIntervals(probs, 2, labels, opts)).toEqual(a);
    expect(bootstrapIntervals(probs, 2, labels, { ...opts, seed: 2 })).not.toEqual(a);
  });

  it('draws indices from Philox in [0, N)', () => {
    const idx = resampleIndices(5, 3, 97);
    const u = philoxUniform(5, BOOTSTRAP_STREAM, new Float32Array(97), 3 * 97);
    expect(Array.from(idx)).toEqual(Array.from(u, (x) => Math.floor(x * 97)));
    expect(Math.min(...idx)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...idx)).toBeLessThan(97);
  });

  it('gives NaN bounds on an empty split', () => {
    const ci = bootstrapIntervals(new Float32Array(0), 2, new Int32Array(0), { nBins: 10, binning: 'width' });
    expect(Number.isNaN(ci.acc.lo)).toBe(true);
  });

  it('is fast enough to run on the page (N = 1,000, 1,000 replicates)', () => {
    const { probs, labels } = twoClass(1000, 0.8, (i) => i % 4 !== 0);
    const t0 = performance.now();
    bootstrapIntervals(probs, 2, labels, { nBins: 15, binning: 'width' });
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe('bootstrap intervals match numpy', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const probs = new Float32Array(c.probs),
        labels = new Int32Array(c.labels);
      expect(Array.from(resampleIndices(c.seed, 0, c.n).slice(0, 16))).toEqual(c.firstIndices);
      for (const binning of ['width', 'mass'] as const) {
        const ci = bootstrapIntervals(probs, c.nClasses, labels, { nBins: c.nBins, binning, replicates: c.replicates, seed: c.seed, level: c.level });
        const want = { acc: c.intervals.acc, nll: c.intervals.nll, brier: c.intervals.brier, ece: c.intervals[`ece_${binning}`] };
        for (const k of ['acc', 'ece', 'nll', 'brier'] as const) {
          expect(ci[k].lo, `${binning} ${k} lo`).toBeCloseTo(want[k][0], 9);
          expect(ci[k].hi, `${binning} ${k} hi`).toBeCloseTo(want[k][1], 9);
        }
      }
    });
  }
});
