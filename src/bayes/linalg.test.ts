import { describe, expect, it } from 'vitest';
import { philoxNormal } from '../rng/philox';
import { choleskyInPlace, inverseFromCholesky, logDetFromCholesky, symmetricEigenvalues } from './linalg';

/** A random symmetric positive-definite n × n matrix M Mᵀ + n I. */
function spd(n: number, seed: number): Float64Array {
  const m = philoxNormal(seed, 0, new Float32Array(n * n));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += m[i * n + k] * m[j * n + k];
      a[i * n + j] = s;
    }
  return a;
}

describe('linalg', () => {
  it('eigenvalues of a known matrix', () => {
    // [[2, 1, 0], [1, 2, 1], [0, 1, 2]] has eigenvalues 2 − √2, 2, 2 + √2.
    const ev = symmetricEigenvalues([2, 1, 0, 1, 2, 1, 0, 1, 2], 3);
    expect(ev[0]).toBeCloseTo(2 - Math.SQRT2, 13);
    expect(ev[1]).toBeCloseTo(2, 13);
    expect(ev[2]).toBeCloseTo(2 + Math.SQRT2, 13);
    expect([...symmetricEigenvalues([5], 1)]).toEqual([5]);
  });

  it('eigenvalues sum to the trace and their logs to the Cholesky log-det (n = 40)', () => {
    const n = 40;
    const a = spd(n, 3);
    const ev = symmetricEigenvalues(a, n);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(ev.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 8);
    const l = choleskyInPlace(Float64Array.from(a), n);
    const logdet = logDetFromCholesky(l, n);
    expect(ev.reduce((s, v) => s + Math.log(v), 0)).toBeCloseTo(logdet, 9);
    for (let i = 1; i < n; i++) expect(ev[i]).toBeGreaterThanOrEqual(ev[i - 1]);
  });

  it('Cholesky reconstructs A and its inverse satisfies A A⁻¹ = I', () => {
    const n = 12;
    const a = spd(n, 9);
    const l = choleskyInPlace(Float64Array.from(a), n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
        expect(s).toBeCloseTo(a[i * n + j], 10);
      }
    const inv = inverseFromCholesky(l, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
  });

  it('Cholesky rejects an indefinite matrix', () => {
    expect(() => choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/positive definite/);
  });
});
