import { describe, expect, it } from 'vitest';
import { philoxNormal } from '../rng/philox';
import golden from './__fixtures__/laplace_logreg.json';
import { GgnAccumulator, LaplacePosterior, ggnBackpropVectors, mcLogitPredictive, probitPredictive, type LaplaceStructure } from './laplace';

const P = golden.thetaMap.length;

/** Logistic regression as a 2-class softmax: logits (0, θᵀx), J = [[0…], [x]]. */
function example(x: number[]): { J: Float64Array; probs: Float64Array } {
  const z = x.reduce((s, xi, i) => s + xi * golden.thetaMap[i], 0);
  const p1 = 1 / (1 + Math.exp(-z));
  const J = new Float64Array(2 * P);
  J.set(x, P);
  return { J, probs: Float64Array.of(1 - p1, p1) };
}

function logregPosterior(structure: LaplaceStructure): LaplacePosterior {
  const acc = new GgnAccumulator(P, structure);
  for (const x of golden.X) {
    const { J, probs } = example(x);
    acc.addJacobian(J, probs);
  }
  return new LaplacePosterior(acc, golden.thetaMap, golden.logLik);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe('GgnAccumulator', () => {
  it('equals the exact logistic-regression Hessian Σ p(1−p) x xᵀ (torch autograd golden)', () => {
    const acc = new GgnAccumulator(P, 'full');
    for (const x of golden.X) {
      const { J, probs } = example(x);
      acc.addJacobian(J, probs);
    }
    const lam = acc.precision();
    for (let i = 0; i < P * P; i++) expect(rel(lam[i], golden.ggn[i]), `Λ[${i}]`).toBeLessThan(1e-9);
    const diag = new GgnAccumulator(P, 'diag');
    for (const x of golden.X) {
      const { J, probs } = example(x);
      diag.addJacobian(J, probs);
    }
    const d = diag.precision();
    for (let i = 0; i < P; i++) expect(rel(d[i], golden.ggn[i * P + i])).toBeLessThan(1e-9);
  });

  it('accumulates Jᵀ(diag p − ppᵀ)J for 3 classes, also through backpropagated rows', () => {
    const C = 3,
      Q = 5;
    const J = Float64Array.from(philoxNormal(3, 0, new Float32Array(C * Q)));
    const probs = [0.2, 0.5, 0.3];
    const viaJ = new GgnAccumulator(Q, 'full');
    viaJ.addJacobian(J, probs);
    // Rows g_c = Jᵀ v_c for the backprop vectors v_c (what a backward pass with dLogits = v_c gives).
    const v = ggnBackpropVectors(probs);
    const G = new Float64Array(C * Q);
    for (let c = 0; c < C; c++) for (let i = 0; i < Q; i++) for (let k = 0; k < C; k++) G[c * Q + i] += v[c * C + k] * J[k * Q + i];
    const viaRows = new GgnAccumulator(Q, 'full');
    viaRows.addOuterRows(G, C);
    const a = viaJ.precision(),
      b = viaRows.precision();
    for (let i = 0; i < Q; i++)
      for (let j = 0; j < Q; j++) {
        let e = 0; // explicit Σ_ab J_ai H_ab J_bj with H = diag p − ppᵀ
        for (let ca = 0; ca < C; ca++)
          for (let cb = 0; cb < C; cb++) e += J[ca * Q + i] * ((ca === cb ? probs[ca] : 0) - probs[ca] * probs[cb]) * J[cb * Q + j];
        expect(a[i * Q + j]).toBeCloseTo(e, 12);
        expect(b[i * Q + j]).toBeCloseTo(e, 12);
      }
  });
});

describe('LaplacePosterior (logistic regression golden)', () => {
  it('log det(Λ + δI) and the evidence log p(D|δ) match for every δ (full and diag)', () => {
    const full = logregPosterior('full'),
      diag = logregPosterior('diag');
    golden.deltas.forEach((delta, k) => {
      expect(rel(full.logDetPosteriorPrecision(delta), golden.logDetFull[k]), `logdet δ=${delta}`).toBeLessThan(1e-9);
      expect(rel(full.logMarginal(delta), golden.logMarginalFull[k]), `full δ=${delta}`).toBeLessThan(1e-9);
      expect(rel(diag.logMarginal(delta), golden.logMarginalDiag[k]), `diag δ=${delta}`).toBeLessThan(1e-9);
    });
  });

  it('tunes δ to the evidence maximum', () => {
    for (const [structure, best] of [
      ['full', golden.bestDeltaFull],
      ['diag', golden.bestDeltaDiag],
    ] as const) {
      const post = logregPosterior(structure);
      const fit = post.tunePriorPrecision();
      expect(rel(fit.delta, best), structure).toBeLessThan(1e-4);
      expect(post.delta).toBe(fit.delta);
      expect(fit.grid.length).toBe(33);
      expect(fit.grid.every((g) => g.logMarginal <= fit.logMarginal + 1e-12)).toBe(true);
    }
  });

  it('gives the posterior covariance (Λ + δ*I)⁻¹', () => {
    const full = logregPosterior('full');
    full.setPriorPrecision(golden.bestDeltaFull);
    const cov = full.posteriorCovariance();
    for (let i = 0; i < P * P; i++) expect(rel(cov[i], golden.covarianceFull[i])).toBeLessThan(1e-9);
    const diag = logregPosterior('diag');
    diag.setPriorPrecision(golden.bestDeltaDiag);
    const d = diag.posteriorCovariance();
    for (let i = 0; i < P; i++) expect(rel(d[i], golden.covarianceDiag[i])).toBeLessThan(1e-9);
  });

  it('linearized predictive: logit variance xᵀΣx and the probit σ(f/√(1+πv/8))', () => {
    const full = logregPosterior('full');
    full.setPriorPrecision(golden.bestDeltaFull);
    golden.XTest.forEach((x, k) => {
      const { J } = example(x);
      const cov = full.linearizedLogitCovariance(J, 2);
      expect(rel(cov[3], golden.logitVarTest[k])).toBeLessThan(1e-9);
      expect(Math.abs(cov[0]) + Math.abs(cov[1]) + Math.abs(cov[2])).toBe(0);
      const f = x.reduce((s, xi, i) => s + xi * golden.thetaMap[i], 0);
      expect(probitPredictive([0, f], cov)[1]).toBeCloseTo(golden.probitP1Test[k], 12);
    });
  });

  it('MC logit predictive agrees with quadrature of E[σ(f + √v ε)] within 5 standard errors', () => {
    const f = 0.8,
      v = 2.5,
      S = 20000;
    const p = mcLogitPredictive([0, f], [0, 0, 0, v], S, 7, 0);
    // Reference by a dense midpoint rule over ε ∈ [−8, 8].
    let exact = 0,
      second = 0;
    const steps = 16000,
      h = 16 / steps;
    for (let k = 0; k < steps; k++) {
      const e = -8 + (k + 0.5) * h;
      const w = (Math.exp(-0.5 * e * e) / Math.sqrt(2 * Math.PI)) * h;
      const s = 1 / (1 + Math.exp(-(f + Math.sqrt(v) * e)));
      exact += w * s;
      second += w * s * s;
    }
    const se = Math.sqrt((second - exact * exact) / S);
    expect(Math.abs(p[1] - exact)).toBeLessThan(5 * se);
    expect(p[0] + p[1]).toBeCloseTo(1, 12);
  });

  it('samples N(θ*, (Λ + δI)⁻¹): 20,000 draws match mean and covariance within 5 standard errors', () => {
    for (const structure of ['full', 'diag'] as const) {
      const post = logregPosterior(structure);
      post.setPriorPrecision(0.7);
      const covFlat = post.posteriorCovariance();
      const sigma = (i: number, j: number) => (structure === 'full' ? covFlat[i * P + j] : i === j ? covFlat[i] : 0);
      const S = 20000;
      const xs: Float32Array[] = [];
      const mean = new Float64Array(P);
      for (let s = 0; s < S; s++) {
        const x = post.sample(21, s);
        xs.push(x);
        for (let i = 0; i < P; i++) mean[i] += x[i] / S;
      }
      for (let i = 0; i < P; i++) {
        expect(Math.abs(mean[i] - golden.thetaMap[i]), `${structure} mean[${i}]`).toBeLessThan(5 * Math.sqrt(sigma(i, i) / S));
        for (let j = 0; j <= i; j++) {
          let c = 0;
          for (const x of xs) c += (x[i] - mean[i]) * (x[j] - mean[j]);
          c /= S - 1;
          const se = Math.sqrt((sigma(i, i) * sigma(j, j) + sigma(i, j) ** 2) / S);
          expect(Math.abs(c - sigma(i, j)), `${structure} cov[${i},${j}]`).toBeLessThan(5 * se);
        }
      }
    }
  });

  it('rejects a non-positive prior precision', () => {
    expect(() => logregPosterior('full').setPriorPrecision(0)).toThrow();
  });
});
