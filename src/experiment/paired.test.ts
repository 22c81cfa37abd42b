import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32, pairedComparison, percentileSorted } from './paired';

interface Fixture {
  nClasses: number;
  nBins: number;
  replicates: number;
  bootstrapSeed: number;
  seeds: number[];
  labels: number[];
  a: number[][];
  b: number[][];
  expected: Record<'nll' | 'ece' | 'ace' | 'brier', { delta: number; lo: number; hi: number }>;
}

const fx = JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'paired_bootstrap.json'), 'utf8')) as Fixture;
const preds = (ps: number[][]) => ps.map((probs, i) => ({ seed: fx.seeds[i], probs }));

describe('pairedComparison', () => {
  it('matches the numpy recomputation (tools/stats/paired_bootstrap.py): Δ and the two-level bootstrap interval', () => {
    const r = pairedComparison(preds(fx.a), preds(fx.b), fx.labels, fx.nClasses, { nBins: fx.nBins, replicates: fx.replicates, seed: fx.bootstrapSeed });
    expect(r.seeds).toEqual(fx.seeds);
    for (const d of r.deltas) {
      const e = fx.expected[d.metric];
      expect(d.delta).toBeCloseTo(e.delta, 9);
      expect(d.lo).toBeCloseTo(e.lo, 9);
      expect(d.hi).toBeCloseTo(e.hi, 9);
      // A is the over-confident one by construction: every interval lies above 0.
      expect(d.verdict).toBe('B better');
    }
  });

  it('a method against itself is unresolved with Δ = 0', () => {
    const r = pairedComparison(preds(fx.a), preds(fx.a), fx.labels, fx.nClasses, { nBins: 10, replicates: 50, seed: 1 });
    for (const d of r.deltas) {
      expect(d.delta).toBe(0);
      expect(d.verdict).toBe('unresolved');
    }
  });

  it('one seed or fewer than 50 test examples is never a winner', () => {
    const one = pairedComparison(preds(fx.a).slice(0, 1), preds(fx.b), fx.labels, fx.nClasses, { nBins: 10, replicates: 50, seed: 1 });
    expect(one.reason).toMatch(/1 paired seed/);
    expect(one.deltas.every((d) => d.verdict === 'unresolved')).toBe(true);
    const C = fx.nClasses,
      n = 40;
    const small = pairedComparison(preds(fx.a.map((p) => p.slice(0, n * C))), preds(fx.b.map((p) => p.slice(0, n * C))), fx.labels.slice(0, n), C, {
      nBins: 10,
      replicates: 50,
      seed: 1,
    });
    expect(small.reason).toMatch(/40 test examples/);
    expect(small.deltas.every((d) => d.verdict === 'unresolved')).toBe(true);
  });

  it('mulberry32 and the linear percentile behave as their numpy counterparts', () => {
    const r = mulberry32(7);
    const xs = [r(), r(), r()];
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(3);
    expect(percentileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileSorted([0, 10], 0.025)).toBeCloseTo(0.25, 12);
  });
});
