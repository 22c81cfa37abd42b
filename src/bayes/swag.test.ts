import { describe, expect, it } from 'vitest';
import { philoxNormal } from '../rng/philox';
import { SwagState } from './swag';
import { swagFromTensors, swagToTensors } from './swag_tensors';
import { symmetricEigenvalues } from './linalg';

/** A state with `models` collected θ's drawn from a fixed seed: θ_m = offset + scale · noise. */
function collectedState(P: number, K: number, models: number, divisor?: 'maxRows' | 'rows'): { s: SwagState; thetas: Float32Array[] } {
  const s = new SwagState({ P, K, divisor });
  const thetas: Float32Array[] = [];
  for (let m = 0; m < models; m++) {
    const z = philoxNormal(99, 1000 + m, new Float32Array(P));
    const theta = z.map((v, i) => 0.3 * (i - P / 2) + (0.05 + 0.02 * i) * v + (0.1 * m * (i % 2 ? 1 : -1)) / models);
    thetas.push(theta);
    s.collect(theta);
  }
  return { s, thetas };
}

/** c · (diag σ² + Dᵀ D / divisor) as a dense P × P f64 matrix (test oracle only). */
function denseCovariance(s: SwagState, c: number): Float64Array {
  const P = s.P;
  const cov = new Float64Array(P * P);
  const v = s.variance();
  const div = s.lowRankDivisor();
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      let lr = 0;
      if (div > 0) for (let k = 0; k < s.rows; k++) lr += s.deviations[k * P + i] * s.deviations[k * P + j];
      cov[i * P + j] = c * ((i === j ? v[i] : 0) + (div > 0 ? lr / div : 0));
    }
  }
  return cov;
}

/** Empirical mean and covariance of S samples, with 5-standard-error checks against (μ, Σ). */
function expectMoments(s: SwagState, c: number, S: number, seed: number): void {
  const P = s.P;
  const sigma = denseCovariance(s, c);
  const mean = new Float64Array(P);
  const xs: Float32Array[] = [];
  const x = new Float32Array(P);
  for (let t = 0; t < S; t++) {
    s.sample(seed, t, c, x);
    xs.push(Float32Array.from(x));
    for (let i = 0; i < P; i++) mean[i] += x[i] / S;
  }
  for (let i = 0; i < P; i++) {
    // Standard error of a sample mean: sqrt(Σ_ii / S).
    const se = Math.sqrt(sigma[i * P + i] / S);
    expect(Math.abs(mean[i] - s.mean[i]), `mean[${i}]`).toBeLessThan(5 * se);
  }
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let cij = 0;
      for (const y of xs) cij += (y[i] - mean[i]) * (y[j] - mean[j]);
      cij /= S - 1;
      // Gaussian sample covariance: Var(ĉ_ij) ≈ (Σ_ii Σ_jj + Σ_ij²) / S.
      const se = Math.sqrt((sigma[i * P + i] * sigma[j * P + j] + sigma[i * P + j] ** 2) / S);
      expect(Math.abs(cij - sigma[i * P + j]), `cov[${i},${j}] = ${cij} vs ${sigma[i * P + j]}`).toBeLessThan(5 * se);
    }
  }
}

describe('SwagState.collect', () => {
  it('keeps the running mean, second moment and the last K deviations (updated mean)', () => {
    const P = 5,
      K = 3;
    const { s, thetas } = collectedState(P, K, 7);
    expect(s.n).toBe(7);
    expect(s.rows).toBe(3);
    expect(s.writeIndex).toBe(7 % 3);
    for (let i = 0; i < P; i++) {
      const m = thetas.reduce((a, t) => a + t[i], 0) / thetas.length;
      const sq = thetas.reduce((a, t) => a + t[i] * t[i], 0) / thetas.length;
      expect(s.mean[i]).toBeCloseTo(m, 6);
      expect(s.sqMean[i]).toBeCloseTo(sq, 6);
    }
    // Deviation for model m (0-based) sits in slot m % K and uses the mean after m + 1 models.
    for (const m of [4, 5, 6]) {
      const upd = thetas.slice(0, m + 1);
      for (let i = 0; i < P; i++) {
        const mu = upd.reduce((a, t) => a + t[i], 0) / upd.length;
        expect(s.deviations[(m % K) * P + i]).toBeCloseTo(thetas[m][i] - mu, 6);
      }
    }
  });

  it('rejects θ of the wrong length', () => {
    expect(() => new SwagState({ P: 3, K: 2 }).collect([1, 2])).toThrow();
  });
});

describe('SwagState.sample', () => {
  it('matches μ and c(diag σ² + DᵀD/(K−1)) over 20,000 draws (P = 6, K = 3)', () => {
    const { s } = collectedState(6, 3, 5);
    expectMoments(s, 0.5, 20000, 1234);
  });

  it('uses rows − 1 as the divisor when asked (ring not full)', () => {
    const { s } = collectedState(6, 5, 3, 'rows');
    expect(s.lowRankDivisor()).toBe(2);
    expectMoments(s, 2, 20000, 77);
    const { s: ref } = collectedState(6, 5, 3);
    expect(ref.lowRankDivisor()).toBe(4);
  });

  it('K = 0 gives a diagonal covariance', () => {
    const { s } = collectedState(6, 0, 4);
    expect(s.deviations.length).toBe(0);
    expectMoments(s, 1, 20000, 5);
  });

  it('c = 0 gives exactly μ; c < 0 and an empty state are rejected', () => {
    const { s } = collectedState(6, 3, 5);
    expect([...s.sample(1, 0, 0)]).toEqual([...s.mean]);
    expect(() => s.sample(1, 0, -1)).toThrow();
    expect(() => new SwagState({ P: 2, K: 1 }).sample(1, 0, 1)).toThrow();
  });

  it('is a pure function of (seed, sampleIndex)', () => {
    const { s } = collectedState(6, 3, 5);
    const a = s.sample(3, 17, 0.5);
    expect([...s.sample(3, 17, 0.5)]).toEqual([...a]);
    expect([...s.sample(3, 18, 0.5)]).not.toEqual([...a]);
  });
});

describe('SwagState.covarianceEigenvalues', () => {
  it('equals the non-zero spectrum of the dense Dᵀ D / (K − 1)', () => {
    const P = 7,
      K = 4;
    const { s } = collectedState(P, K, 6);
    const ev = s.covarianceEigenvalues();
    expect(ev.length).toBe(K);
    const dense = new Float64Array(P * P);
    for (let i = 0; i < P; i++)
      for (let j = 0; j < P; j++) {
        let a = 0;
        for (let k = 0; k < K; k++) a += s.deviations[k * P + i] * s.deviations[k * P + j];
        dense[i * P + j] = a / (K - 1);
      }
    const full = symmetricEigenvalues(dense, P).reverse();
    for (let k = 0; k < K; k++) expect(ev[k]).toBeCloseTo(full[k], 10);
    for (let k = K; k < P; k++) expect(Math.abs(full[k])).toBeLessThan(1e-10);
    for (let k = 1; k < K; k++) expect(ev[k]).toBeLessThanOrEqual(ev[k - 1]);
  });
});

describe('swag tensors', () => {
  it('round-trips the state with the deviation rows oldest first', () => {
    const { s, thetas } = collectedState(4, 3, 5);
    const t = swagToTensors(s);
    expect(t['swag.deviations'].shape).toEqual([3, 4]);
    expect(Number((t['swag.n'].data as BigInt64Array)[0])).toBe(5);
    // Oldest stored row is model 2 (models 2, 3, 4 remain).
    const mu3 = [0, 1, 2, 3].map((i) => thetas.slice(0, 3).reduce((a, th) => a + th[i], 0) / 3);
    for (let i = 0; i < 4; i++) expect((t['swag.deviations'].data as Float32Array)[i]).toBeCloseTo(thetas[2][i] - mu3[i], 6);
    const back = swagFromTensors(t, 3);
    expect([...back.mean]).toEqual([...s.mean]);
    expect([...back.sqMean]).toEqual([...s.sqMean]);
    expect(back.n).toBe(5);
    expect(back.rows).toBe(3);
    expect([...back.covarianceEigenvalues()].map((v) => v.toFixed(12))).toEqual([...s.covarianceEigenvalues()].map((v) => v.toFixed(12)));
  });
});
