import { describe, expect, it } from 'vitest';
import { philoxNormal } from '../../rng/philox';
import { randomizedSvd } from './randomized_svd';
import { EXACT_SVD_MAX_DIM, exactTruncatedSvd, truncatedSvd } from './svd';

/** W = Σ_i σ_i x_i y_iᵀ + noise: Gaussian factors, σ_i = 0.7^i (a trained weight's decaying spectrum). */
function decaying(m: number, n: number, rank: number, noise: number, seed: number): Float64Array {
  const x = philoxNormal(seed, 0, new Float32Array(m * rank)),
    y = philoxNormal(seed, 1, new Float32Array(n * rank)),
    g = philoxNormal(seed, 2, new Float32Array(m * n));
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = noise * g[i * n + j];
      for (let t = 0; t < rank; t++) s += 0.7 ** t * x[i * rank + t] * y[j * rank + t];
      w[i * n + j] = s;
    }
  return w;
}

describe('randomizedSvd', () => {
  it('matches the exact Jacobi SVD on a decaying spectrum: singular values and vectors (same signs)', () => {
    const [m, n, r] = [300, 280, 8];
    const w = decaying(m, n, 40, 0.01, 5);
    const exact = exactTruncatedSvd(w, m, n, r);
    const fast = randomizedSvd(w, m, n, r);
    for (let c = 0; c < r; c++) {
      expect(Math.abs(fast.s[c] - exact.s[c]) / exact.s[c]).toBeLessThan(1e-6);
      let du = 0,
        dv = 0;
      for (let i = 0; i < m; i++) du += fast.u[i * r + c] * exact.u[i * r + c];
      for (let i = 0; i < n; i++) dv += fast.v[i * r + c] * exact.v[i * r + c];
      // Same sign convention: the vectors agree, not just up to sign.
      expect(du).toBeGreaterThan(1 - 1e-6);
      expect(dv).toBeGreaterThan(1 - 1e-6);
    }
  });

  it('truncatedSvd takes it above the size threshold: a BERT-base sized 768 × 768 matrix, orthonormal factors', () => {
    const m = 768,
      r = 8;
    expect(m).toBeGreaterThan(EXACT_SVD_MAX_DIM);
    const w = decaying(m, m, 24, 0.001, 9);
    const { u, s, v } = truncatedSvd(w, m, m, r);
    for (let t = 1; t < r; t++) expect(s[t]).toBeLessThanOrEqual(s[t - 1]);
    for (let a = 0; a < r; a++)
      for (let b = 0; b < r; b++) {
        let uu = 0,
          vv = 0;
        for (let i = 0; i < m; i++) {
          uu += u[i * r + a] * u[i * r + b];
          vv += v[i * r + a] * v[i * r + b];
        }
        expect(Math.abs(uu - (a === b ? 1 : 0))).toBeLessThan(1e-9);
        expect(Math.abs(vv - (a === b ? 1 : 0))).toBeLessThan(1e-9);
      }
    // u_iᵀ W v_i = σ_i: the triplets are consistent with W itself.
    for (let c = 0; c < r; c++) {
      let x = 0;
      for (let i = 0; i < m; i++) {
        let wv = 0;
        for (let j = 0; j < m; j++) wv += w[i * m + j] * v[j * r + c];
        x += u[i * r + c] * wv;
      }
      expect(Math.abs(x - s[c]) / s[c]).toBeLessThan(1e-9);
    }
  });
});
