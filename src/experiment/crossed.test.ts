import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrossedCache, crossedComparison, type PairedMetric } from './crossed';
import { familyVerdicts, holmAdjust } from './holm';
import { tCdf, tQuantile } from './t_dist';

// The numpy recomputation (tools/stats/crossed_bootstrap.py) is run fresh, not read from a stored file.
const ROOT = join(__dirname, '..', '..');
interface Expected {
  delta: number;
  boot: [number, number];
  t: [number, number];
  tP: number;
  bootEquiv: [number, number];
  tEquiv: [number, number];
  tEquivP: number;
}
interface Case {
  name: string;
  nClasses: number;
  nBins: number;
  replicates: number;
  bootstrapSeed: number;
  level: number;
  margins: Record<PairedMetric, number>;
  seeds: number[];
  labels: number[];
  a: number[][];
  b: number[][];
  expected: Record<PairedMetric, Expected>;
  holm: number[];
}
interface Fixture {
  cases: Case[];
  tdist: { df: number; p: number; q: number; 'cdfAt1.5': number }[];
  holmInput: (number | null)[];
  holmExpected: number[];
}

const out = join(mkdtempSync(join(tmpdir(), 'crossed-')), 'crossed.json');
const py = spawnSync('/usr/bin/python3', ['tools/stats/crossed_bootstrap.py', '--out', out], { cwd: ROOT, encoding: 'utf8' });
if (py.status !== 0) throw new Error(`tools/stats/crossed_bootstrap.py failed: ${py.stderr}`);
const fx = JSON.parse(readFileSync(out, 'utf8')) as Fixture;

const preds = (c: Case, ps: number[][]) => ps.map((probs, i) => ({ seed: c.seeds[i], probs }));

describe('crossedComparison against numpy', () => {
  for (const c of fx.cases) {
    it(`${c.name}: Δ, the crossed bootstrap's basic intervals, the t intervals, p and TOST p`, () => {
      const r = crossedComparison(preds(c, c.a), preds(c, c.b), c.labels, c.nClasses, {
        nBins: c.nBins,
        replicates: c.replicates,
        seed: c.bootstrapSeed,
        level: c.level,
        margins: c.margins,
      });
      expect(r.seeds).toEqual(c.seeds);
      for (const d of r.deltas) {
        const e = c.expected[d.metric];
        expect(d.delta).toBeCloseTo(e.delta, 10);
        expect([d.boot.lo, d.boot.hi, d.bootEquiv.lo, d.bootEquiv.hi]).toEqual(
          [e.boot[0], e.boot[1], e.bootEquiv[0], e.bootEquiv[1]].map((x) => expect.closeTo(x, 10)),
        );
        expect([d.t.lo, d.t.hi, d.tEquiv.lo, d.tEquiv.hi]).toEqual([e.t[0], e.t[1], e.tEquiv[0], e.tEquiv[1]].map((x) => expect.closeTo(x, 9)));
        expect(d.tP).toBeCloseTo(e.tP, 10);
        expect(d.tEquivP).toBeCloseTo(e.tEquivP, 10);
      }
      expect(holmAdjust(r.deltas.map((d) => d.tP))).toEqual(c.holm.map((x) => expect.closeTo(x, 10)));
    });
  }

  it('the t distribution matches the closed forms for integer degrees of freedom', () => {
    for (const t of fx.tdist) {
      expect(tQuantile(t.p, t.df)).toBeCloseTo(t.q, 8);
      expect(tCdf(1.5, t.df)).toBeCloseTo(t['cdfAt1.5'], 12);
    }
    // Textbook values: t(5) 0.975 quantile 2.5706, t(1) 0.975 quantile 12.706.
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.5706, 4);
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
  });

  it('Holm adjusts step-down and monotone; a missing p counts as 1', () => {
    expect(holmAdjust(fx.holmInput.map((x) => x ?? Number.NaN))).toEqual(fx.holmExpected.map((x) => expect.closeTo(x, 12)));
  });
});

describe('verdicts', () => {
  const c = fx.cases[0];
  const opts = { nBins: 10, replicates: 100, seed: 1, margins: c.margins };

  it('a method against itself: Δ = 0, no difference, and equivalent within every margin ("matches")', () => {
    const r = crossedComparison(preds(c, c.a), preds(c, c.a), c.labels, c.nClasses, opts);
    const v = familyVerdicts(r.deltas);
    for (const d of r.deltas) {
      expect(d.delta).toBe(0);
      expect(d.resolved).toBe(false);
      expect(d.equivalent).toBe(true);
    }
    expect(v.map((x) => x.verdict)).toEqual(['matches', 'matches', 'matches', 'matches', 'matches']);
  });

  it('a resolved difference that Holm does not keep is not a winner', () => {
    const r = crossedComparison(preds(c, c.a), preds(c, c.b), c.labels, c.nClasses, { ...opts, replicates: 200 });
    const nll = r.deltas.find((d) => d.metric === 'nll')!;
    expect(nll.resolved).toBe(true);
    expect(familyVerdicts([nll])[0].verdict).toBe('worse');
    // The same difference in a family of 40 where it has the smallest p: 40 · p is above 0.05.
    const family = [nll, ...Array.from({ length: 39 }, () => ({ ...nll, tP: 0.9, resolved: false }))];
    expect(nll.tP * 40).toBeGreaterThan(0.05);
    expect(familyVerdicts(family)[0].verdict).toBe('worse before Holm');
  });

  it('accuracy is higher-is-better: the more accurate arm A is "A better" on ΔACC > 0 and on ΔNLL < 0', () => {
    const n = 200,
      labels = Array.from({ length: n }, (_, i) => i % 2);
    // A: right on every example; B: wrong on every third (a few more or fewer per seed).
    const arm = (wrongEvery: number, seed: number) => ({
      seed,
      probs: labels.flatMap((y, i) => {
        const right = wrongEvery === 0 || (i + seed) % wrongEvery !== 0;
        const p = 0.7 + 0.01 * seed;
        return (y === 1) === right ? [1 - p, p] : [p, 1 - p];
      }),
    });
    const seeds = [0, 1, 2, 3];
    const r = crossedComparison(
      seeds.map((s) => arm(0, s)),
      seeds.map((s) => arm(3 + (s % 2), s)),
      labels,
      2,
      { ...opts, replicates: 200 },
    );
    const acc = r.deltas.find((d) => d.metric === 'accuracy')!;
    const nll = r.deltas.find((d) => d.metric === 'nll')!;
    expect(acc.delta).toBeGreaterThan(0.2);
    expect(acc.direction).toBe('A better');
    expect(nll.delta).toBeLessThan(0);
    expect(nll.direction).toBe('A better');
  });

  it('one seed or fewer than 50 test examples is never a verdict', () => {
    const one = crossedComparison(preds(c, c.a).slice(0, 1), preds(c, c.b), c.labels, c.nClasses, opts);
    expect(one.reason).toMatch(/1 paired seed/);
    expect(one.deltas.every((d) => !d.resolved && !d.equivalent)).toBe(true);
    const C = c.nClasses,
      n = 40;
    const cut = (ps: number[][]) =>
      preds(
        c,
        ps.map((p) => p.slice(0, n * C)),
      );
    const small = crossedComparison(cut(c.a), cut(c.b), c.labels.slice(0, n), C, opts);
    expect(small.reason).toMatch(/40 test examples/);
    expect(small.deltas.every((d) => !d.resolved && !d.equivalent)).toBe(true);
  });

  it('the cache shares draws and arms without changing a result', () => {
    const cache = new CrossedCache();
    const plain = crossedComparison(preds(c, c.a), preds(c, c.b), c.labels, c.nClasses, opts);
    const cached1 = crossedComparison(preds(c, c.a), preds(c, c.b), c.labels, c.nClasses, opts, cache, { a: 'A', b: 'B' });
    const cached2 = crossedComparison(preds(c, c.a), preds(c, c.b), c.labels, c.nClasses, opts, cache, { a: 'A', b: 'B' });
    expect(cached1).toEqual(plain);
    expect(cached2).toEqual(plain);
  });
});
