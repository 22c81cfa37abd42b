// Selective prediction (risk–coverage, AURC and its interval, coverage and accuracy at a threshold),
// class-wise ECE and smooth ECE against a fresh numpy recomputation (tools/stats/selective_ref.py),
// plus cases whose answers are known by hand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classwiseEce } from './classwise_ece';
import { aurc, aurcInterval, atThreshold, confidenceAndErrors, rankByConfidence, riskCurve } from './selective';
import { pyRound, smoothEce, smoothEceAt, smoothReliability } from './smooth_ece';

interface Case {
  name: string;
  nClasses: number;
  nBins: number;
  replicates: number;
  bandReplicates: number;
  seed: number;
  level: number;
  probs: number[];
  labels: number[];
  risk: number[];
  aurc: number;
  aurcInterval: [number, number];
  thresholds: { threshold: number; accepted: number; coverage: number; accuracy: number | null }[];
  classwise: Record<'width' | 'mass', { value: number; perClass: number[] }>;
  smece: number;
  sigma: number;
  smeceAtFixed: Record<string, number>;
  mu: number[];
  lower: number[];
  upper: number[];
}

const ROOT = join(__dirname, '..', '..');
const out = join(mkdtempSync(join(tmpdir(), 'selective-')), 'selective.json');
const py = spawnSync('/usr/bin/python3', ['tools/stats/selective_ref.py', '--out', out], { cwd: ROOT, encoding: 'utf8' });
if (py.status !== 0) throw new Error(`tools/stats/selective_ref.py failed: ${py.stderr}`);
const fx = JSON.parse(readFileSync(out, 'utf8')) as { cases: Case[] };

const close = (xs: ArrayLike<number>, tol: number) => Array.from(xs, (x) => expect.closeTo(x, tol));

describe('selective prediction and calibration views against numpy', () => {
  for (const c of fx.cases) {
    const probs = new Float32Array(c.probs),
      labels = new Int32Array(c.labels);
    const { conf, err } = confidenceAndErrors(probs, c.nClasses, labels);

    it(`${c.name}: risk–coverage curve, AURC and its interval, coverage and accuracy at thresholds`, () => {
      expect(Array.from(riskCurve(rankByConfidence(conf), err))).toEqual(close(c.risk, 12));
      expect(aurc(conf, err)).toBeCloseTo(c.aurc, 10);
      const ci = aurcInterval(conf, err, { replicates: c.replicates, seed: c.seed, level: c.level });
      expect([ci.lo, ci.hi]).toEqual(close(c.aurcInterval, 10));
      for (const t of c.thresholds) {
        const r = atThreshold(conf, err, t.threshold);
        expect(r.accepted, `accepted at ${t.threshold}`).toBe(t.accepted);
        expect(r.coverage).toBeCloseTo(t.coverage, 12);
        if (t.accuracy === null) expect(r.accuracy).toBeNaN();
        else expect(r.accuracy).toBeCloseTo(t.accuracy, 12);
      }
    });

    it(`${c.name}: class-wise ECE, equal-width and equal-mass bins`, () => {
      for (const binning of ['width', 'mass'] as const) {
        const cw = classwiseEce(probs, c.nClasses, labels, { nBins: c.nBins, binning });
        expect(cw.value, binning).toBeCloseTo(c.classwise[binning].value, 10);
        expect(cw.perClass).toEqual(close(c.classwise[binning].perClass, 10));
      }
    });

    // Tolerance 1e-9: both sides run the same grid arithmetic, only in another order of summation.
    it(`${c.name}: smooth ECE, its width, the smoothed curve and its bootstrap band`, () => {
      const y = err.map((e) => 1 - e);
      for (const [s, v] of Object.entries(c.smeceAtFixed)) expect(smoothEceAt(conf, y, Number(s))).toBeCloseTo(v, 9);
      const sm = smoothReliability(conf, y, { replicates: c.bandReplicates, seed: c.seed, level: c.level });
      expect(sm.sigma).toBe(c.sigma);
      expect(sm.smece).toBeCloseTo(c.smece, 9);
      expect(sm.mu).toEqual(close(c.mu, 9));
      expect(sm.lower).toEqual(close(c.lower, 9));
      expect(sm.upper).toEqual(close(c.upper, 9));
    });
  }
});

describe('selective prediction by hand', () => {
  it('counts a tie group pro rata: the mean risk over every order of the tied examples', () => {
    // Confidences 0.9 (right), then three tied at 0.7 (one wrong), then 0.6 (wrong).
    const conf = [0.7, 0.9, 0.7, 0.6, 0.7],
      err = [0, 0, 1, 1, 0];
    const risk = Array.from(riskCurve(rankByConfidence(conf), err));
    expect(risk).toEqual(close([0, 1 / 3 / 2, 2 / 3 / 3, 1 / 4, 2 / 5], 15));
    // The same as averaging the curve over the 3! orders of the tied examples.
    const perms = [
      [0, 2, 4],
      [0, 4, 2],
      [2, 0, 4],
      [2, 4, 0],
      [4, 0, 2],
      [4, 2, 0],
    ];
    const mean = [0, 0, 0, 0, 0];
    for (const p of perms) {
      const order = [1, ...p, 3];
      let e = 0;
      order.forEach((i, k) => {
        e += err[i];
        mean[k] += e / (k + 1) / perms.length;
      });
    }
    expect(risk).toEqual(close(mean, 15));
  });

  it("AURC is torch-uncertainty's normalised trapezoid; 0 for a perfect ranking, 1 for always wrong", () => {
    const conf = [0.9, 0.8, 0.7, 0.6],
      err = [0, 1, 0, 1];
    // Risks 0, 1/2, 1/3, 1/2: trapezoid over coverage 1/4..1 is (0/2 + 1/2 + 1/3 + 1/4)/4; divided by 3/4.
    expect(aurc(conf, err)).toBeCloseTo((1 / 2 + 1 / 3 + 1 / 4) / 3, 15);
    expect(aurc([0.9, 0.8, 0.7], [0, 0, 1])).toBeCloseTo(1 / 12, 15);
    expect(aurc([0.9, 0.8], [1, 1])).toBe(1);
    expect(aurc([0.9], [0])).toBeNaN();
  });

  it('accepts confidences at or above the threshold', () => {
    const r = atThreshold([0.5, 0.75, 0.75, 0.9], [1, 0, 1, 0], 0.75);
    expect(r).toEqual({ threshold: 0.75, n: 4, accepted: 3, correct: 2, coverage: 0.75, accuracy: 2 / 3 });
    expect(atThreshold([0.5], [0], 0.6).accuracy).toBeNaN();
  });

  it('class-wise ECE of two classes is the mean of the two one-vs-rest ECEs', () => {
    // p_0 = 0.8 for every example and 3 of 4 are class 0: each one-vs-rest problem is off by 0.05.
    const probs = new Float32Array([0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2]);
    expect(classwiseEce(probs, 2, new Int32Array([0, 0, 0, 1]), { nBins: 10, binning: 'width' }).value).toBeCloseTo(0.05, 6);
    expect(classwiseEce(probs, 2, new Int32Array([0, 0, 0, 0]), { nBins: 10, binning: 'width' }).perClass).toEqual(close([0.2, 0.2], 6));
  });

  it("the smoothed curve falls back to the diagonal beyond relplot's ±½ kernel, where its density is 0", () => {
    const f = Array.from({ length: 40 }, (_, i) => 0.7 + 0.005 * i),
      y = f.map((_, i) => (i % 2 ? 1 : 0));
    const sm = smoothReliability(f, y, { replicates: 20 });
    const at = (x: number) => sm.mesh.findIndex((t) => t >= x);
    expect(sm.density[at(0.1)]).toBe(0);
    expect(sm.mu[at(0.1)]).toBeCloseTo(sm.mesh[at(0.1)], 15);
    expect(sm.density[at(0.8)]).toBeGreaterThan(0);
  });

  it("smooth ECE is near 0 for calibrated data, its width solves σ = smECE(σ), and Python's rounding is kept", () => {
    const n = 2000,
      f = new Float64Array(n),
      y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      f[i] = 0.5 + (0.5 * (i + 0.5)) / n;
      y[i] = (i * 0.6180339887) % 1 < f[i] ? 1 : 0; // correct with probability f
    }
    const { value, sigma } = smoothEce(f, y);
    expect(value).toBeLessThan(0.03);
    expect(Math.abs(value - sigma)).toBeLessThan(0.003);
    expect([pyRound(2.5), pyRound(3.5), pyRound(2.4)]).toEqual([2, 4, 2]);
  });
});
