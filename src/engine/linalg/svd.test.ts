import { describe, expect, it } from 'vitest';
import { philoxNormal } from '../../rng/philox';
import { truncatedSvd } from './svd';

function randomMatrix(m: number, n: number, seed: number): Float64Array {
  return Float64Array.from(philoxNormal(seed, 0, new Float32Array(m * n)));
}

describe('truncatedSvd', () => {
  for (const [m, n] of [
    [12, 7],
    [7, 12],
    [16, 16],
    [1, 5],
  ]) {
    it(`${m}×${n}: full rank reconstructs W, U and V are orthonormal, σ descending, sign convention holds`, () => {
      const w = randomMatrix(m, n, m * 100 + n),
        k = Math.min(m, n);
      const { u, s, v } = truncatedSvd(w, m, n, k);
      let err = 0,
        norm = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let x = 0;
          for (let t = 0; t < k; t++) x += u[i * k + t] * s[t] * v[j * k + t];
          err = Math.max(err, Math.abs(x - w[i * n + j]));
          norm = Math.max(norm, Math.abs(w[i * n + j]));
        }
      expect(err / norm).toBeLessThan(1e-12);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) {
          let uu = 0,
            vv = 0;
          for (let i = 0; i < m; i++) uu += u[i * k + a] * u[i * k + b];
          for (let j = 0; j < n; j++) vv += v[j * k + a] * v[j * k + b];
          expect(Math.abs(uu - (a === b ? 1 : 0))).toBeLessThan(1e-12);
          expect(Math.abs(vv - (a === b ? 1 : 0))).toBeLessThan(1e-12);
        }
      for (let t = 1; t < k; t++) expect(s[t]).toBeLessThanOrEqual(s[t - 1]);
      for (let t = 0; t < k; t++) {
        let best = 0;
        for (let i = 0; i < m; i++) if (Math.abs(u[i * k + t]) > Math.abs(best)) best = u[i * k + t];
        expect(best).toBeGreaterThan(0);
      }
    });
  }
  it('truncation keeps the top r triplets (the best rank-r approximation error is σ_{r+1})', () => {
    const m = 10,
      n = 8,
      w = randomMatrix(m, n, 5);
    const full = truncatedSvd(w, m, n, 8),
      top = truncatedSvd(w, m, n, 3);
    for (let t = 0; t < 3; t++) expect(top.s[t]).toBeCloseTo(full.s[t], 12);
    expect(top.u.length).toBe(m * 3);
    expect(top.v.length).toBe(n * 3);
  });
  it('a diagonal matrix has its sorted absolute diagonal as singular values', () => {
    const w = Float64Array.of(1, 0, 0, 0, -3, 0, 0, 0, 2);
    const { s, u, v } = truncatedSvd(w, 3, 3, 3);
    expect([...s]).toEqual([3, 2, 1]);
    // Largest-|.| entry of u_0 is positive, so v_0 carries the minus sign of −3.
    expect(u[1 * 3 + 0]).toBe(1);
    expect(v[1 * 3 + 0]).toBe(-1);
  });
  it('refuses a rank above min(m, n)', () => {
    expect(() => truncatedSvd(new Float64Array(6), 2, 3, 3)).toThrow(/rank 3 must be .* min\(2, 3\) = 2/);
  });
});
