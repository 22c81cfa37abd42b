import { describe, expect, it } from 'vitest';
import { matmulCpu, matmulNaive, transposeInto } from './matmul';
import { randn, relErr } from './testing/test_helpers';

describe('matmulCpu', () => {
  it('matches the naive loop for every transpose combination, odd sizes, bias, alpha, accumulate', () => {
    for (const [M, K, N] of [
      [1, 1, 1],
      [5, 7, 3],
      [13, 33, 70],
      [64, 9, 5],
    ]) {
      const a = randn(M * K, 1),
        b = randn(K * N, 2),
        bias = randn(N, 3);
      const ref = matmulNaive(a, b, M, K, N);
      const aT = transposeInto(a, M, K, new Float32Array(M * K)),
        bT = transposeInto(b, K, N, new Float32Array(K * N));
      for (const transA of [false, true])
        for (const transB of [false, true]) {
          const c = matmulCpu(transA ? aT : a, transB ? bT : b, M, K, N, { transA, transB });
          expect(relErr(c, ref)).toBeLessThan(1e-6);
        }
      const prev = randn(M * N, 4);
      const out = prev.slice();
      matmulCpu(a, b, M, K, N, { alpha: 0.5, bias, out, accumulate: true });
      const want = ref.map((v, i) => prev[i] + 0.5 * v + bias[i % N]);
      expect(relErr(out, want)).toBeLessThan(1e-6);
    }
  });
  it('reuses its scratch buffers correctly when a large call is followed by a small one', () => {
    const big = matmulCpu(randn(40 * 40, 5), randn(40 * 40, 6), 40, 40, 40);
    expect(big.length).toBe(1600);
    const c = matmulCpu(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2, 2, 2);
    expect([...c]).toEqual([19, 22, 43, 50]);
  });
});
