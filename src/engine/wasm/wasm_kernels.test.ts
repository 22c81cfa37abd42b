// Every WebAssembly SIMD kernel against its TypeScript twin (which the PyTorch goldens check), at f32
// tolerance, on shapes that are not multiples of the micro-tile (4 × 8), of f32x4 or of the blocks
// (KC = 512, MC = 128, NC = 256).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPESCRIPT_KERNELS as TS } from '../cpu/kernel_set';
import { randn, relErr } from '../cpu/testing/test_helpers';
import type { GroupedMatmulDims } from '../grouped_shape';
import { wasmSimdUnsupportedReason } from './wasm_heap';
import { WasmKernels } from './wasm_kernels';

describe('runtime', () => {
  it('detects WebAssembly SIMD in Node', () => expect(wasmSimdUnsupportedReason()).toBeNull());
});

// One kernel thread, and two (shared memory, a worker_threads worker): big enough shapes cross the
// thresholds at which calls are split, and the pool's counter shows that the split paths ran.
describe.each([1, 2])('%i thread(s)', (threads) => {
  let W: WasmKernels;
  beforeAll(async () => {
    W = await WasmKernels.create({ threads });
  });
  afterAll(() => W.destroy());

  describe('gemm', () => {
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [3, 5, 7],
      [4, 8, 16],
      [13, 9, 31],
      [37, 61, 129],
      [129, 17, 257],
      [5, 515, 33],
      [130, 70, 300],
      [37, 300, 203],
    ];
    for (const [M, K, N] of shapes) {
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        it(`M=${M} K=${K} N=${N} transA=${transA} transB=${transB}`, () => {
          const a = randn(M * K, M + K),
            b = randn(K * N, N + 1, 1, 1);
          const ref = TS.matmul(a, b, M, K, N, { transA, transB });
          expect(relErr(W.matmul(a, b, M, K, N, { transA, transB }), ref)).toBeLessThan(1e-5);
        });
      }
    }
    it('alpha, bias and accumulate into out', () => {
      const [M, K, N] = threads > 1 ? [61, 300, 157] : [23, 45, 19];
      const a = randn(M * K, 1),
        b = randn(N * K, 2),
        bias = randn(N, 3),
        base = randn(M * N, 4);
      const o1 = base.slice(),
        o2 = base.slice();
      TS.matmul(a, b, M, K, N, { transB: true, alpha: 0.37, bias, out: o1, accumulate: true });
      const r = W.matmul(a, b, M, K, N, { transB: true, alpha: 0.37, bias, out: o2, accumulate: true });
      expect(r).toBe(o2);
      expect(relErr(o2, o1)).toBeLessThan(1e-5);
      expect(relErr(W.matmul(a, b, M, K, N, { transB: true, bias }), TS.matmul(a, b, M, K, N, { transB: true, bias }))).toBeLessThan(1e-5);
    });
    it('a wrong result would be caught: the twin differs from a perturbed input', () => {
      const a = randn(12, 1),
        b = randn(12, 2);
      const c = W.matmul(a, b, 3, 4, 3);
      a[0] += 1;
      expect(relErr(c, TS.matmul(a, b, 3, 4, 3))).toBeGreaterThan(1e-3);
    });
  });

  describe('adapters and linear layers', () => {
    const d = { N: 37, inF: 45, outF: 29, r: 5 };
    const x = randn(d.N * d.inF, 1),
      w = randn(d.outF * d.inF, 2, 0.2),
      bias = randn(d.outF, 3),
      a = randn(d.r * d.inF, 4, 0.3);
    const B = randn(d.outF * d.r, 5, 0.3),
      R = randn(d.r * d.r, 6),
      dy = randn(d.N * d.outF, 7);
    it('LoRA-XS forward and backward', () => {
      const f1 = TS.loraXsForward(x, w, bias, a, B, R, 0.7, d),
        f2 = W.loraXsForward(x, w, bias, a, B, R, 0.7, d);
      expect(relErr(f2.y, f1.y)).toBeLessThan(1e-5);
      expect(relErr(f2.u, f1.u)).toBeLessThan(1e-5);
      const b1 = TS.loraXsBackward(dy, f1.u, w, a, B, R, 0.7, d, true),
        b2 = W.loraXsBackward(dy, f1.u, w, a, B, R, 0.7, d, true);
      expect(relErr(b2.dx!, b1.dx!)).toBeLessThan(1e-5);
      expect(relErr(b2.dR, b1.dR)).toBeLessThan(1e-5);
      expect(W.loraXsBackward(dy, f1.u, w, a, B, R, 0.7, d, false).dx).toBeNull();
    });
    it('LoRA forward and backward', () => {
      const f1 = TS.loraForward(x, w, null, a, B, 0.5, d),
        f2 = W.loraForward(x, w, null, a, B, 0.5, d);
      expect(relErr(f2.y, f1.y)).toBeLessThan(1e-5);
      const b1 = TS.loraBackward(dy, x, f1.u, w, a, B, 0.5, d, true),
        b2 = W.loraBackward(dy, x, f1.u, w, a, B, 0.5, d, true);
      for (const k of ['dx', 'dA', 'dB'] as const) expect(relErr(b2[k]!, b1[k]!)).toBeLessThan(1e-5);
    });
    it('linear backward params, overwrite and accumulate', () => {
      for (const acc of [false, true]) {
        const dW1 = randn(d.outF * d.inF, 8),
          dW2 = dW1.slice(),
          db1 = randn(d.outF, 9),
          db2 = db1.slice();
        TS.linearBackwardParams(dy, x, d.N, d.inF, d.outF, dW1, db1, acc);
        W.linearBackwardParams(dy, x, d.N, d.inF, d.outF, dW2, db2, acc);
        expect(relErr(dW2, dW1)).toBeLessThan(1e-5);
        expect(relErr(db2, db1)).toBeLessThan(1e-6);
      }
    });
    it('grouped matmul: shared and per-group operands, base and accumulate', () => {
      const G = 3,
        n = 7,
        K = 13,
        J = 11;
      const cases: Partial<GroupedMatmulDims>[] = [
        { xShared: true, wShared: false },
        { xShared: false, wShared: true },
        { xShared: false, wShared: false },
      ];
      for (const c of cases) {
        const dims: GroupedMatmulDims = { G, n, K, J, xShared: !!c.xShared, wShared: !!c.wShared, baseShared: true };
        const xx = randn((dims.xShared ? n : G * n) * K, 1),
          ww = randn((dims.wShared ? 1 : G) * J * K, 2),
          base = randn(n * J, 3);
        const o1 = randn(G * n * J, 4),
          o2 = o1.slice();
        TS.groupedMatmul(xx, ww, dims, { alpha: 0.3, base, out: o1, accumulate: true });
        W.groupedMatmul(xx, ww, dims, { alpha: 0.3, base, out: o2, accumulate: true });
        expect(relErr(o2, o1)).toBeLessThan(1e-5);
        expect(relErr(W.groupedMatmul(xx, ww, dims), TS.groupedMatmul(xx, ww, dims))).toBeLessThan(1e-5);
      }
    });
  });

  describe('elementwise', () => {
    it('GELU and its backward over [−10, 10] and an odd length', () => {
      const n = threads > 1 ? 70001 : 1003,
        x = new Float32Array(n),
        dy = randn(n, 2);
      for (let i = 0; i < n; i++) x[i] = -10 + (20 * i) / (n - 1);
      x[5] = 0;
      x[6] = 0.49;
      x[7] = -0.51;
      const y1 = TS.gelu(x),
        y2 = W.gelu(x);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y1[i] - y2[i]) / Math.max(Math.abs(y1[i]), 1e-3));
      expect(worst).toBeLessThan(2e-6);
      expect(relErr(W.geluBackward(dy, x), TS.geluBackward(dy, x))).toBeLessThan(2e-6);
    });
    it('LayerNorm forward and backward (C = 130, not a multiple of 4)', () => {
      const R = 9,
        C = 130,
        x = randn(R * C, 1, 3),
        g = randn(C, 2),
        b = randn(C, 3),
        dy = randn(R * C, 4);
      const f1 = TS.layerNorm(x, g, b, R, C, 1e-12),
        f2 = W.layerNorm(x, g, b, R, C, 1e-12);
      for (const k of ['y', 'mean', 'rstd'] as const) expect(relErr(f2[k], f1[k])).toBeLessThan(1e-5);
      const b1 = TS.layerNormBackward(dy, x, f1.mean, f1.rstd, g, R, C),
        b2 = W.layerNormBackward(dy, x, f1.mean, f1.rstd, g, R, C);
      for (const k of ['dx', 'dGamma', 'dBeta'] as const) expect(relErr(b2[k], b1[k])).toBeLessThan(2e-5);
    });
    it('dropout masks are bit-identical to the twin (Philox), at an offset block boundary', () => {
      const x = randn(threads > 1 ? 100003 : 1001, 1);
      for (const p of [0.1, 0.5]) {
        const spec = { p, seed: 0xdeadbeef, stream: 7 };
        expect(W.dropout(x, spec)).toEqual(TS.dropout(x, spec));
        expect(W.dropoutBackward(x, spec)).toEqual(TS.dropoutBackward(x, spec));
      }
      expect(W.dropout(x, { p: 0, seed: 1, stream: 1 })).toEqual(x);
    });
    it('AdamW on a vector past the copy threshold', () => {
      const n = 5001,
        p1 = randn(n, 1),
        g = randn(n, 2),
        m1 = randn(n, 3, 0.1),
        v1 = randn(n, 4, 0.1).map(Math.abs);
      const p2 = p1.slice(),
        m2 = m1.slice(),
        v2 = v1.slice();
      const h = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step: 3 };
      TS.adamw(p1, g, m1, v1, h);
      W.adamw(p2, g, m2, v2, h);
      expect(relErr(p2, p1)).toBeLessThan(1e-6);
      expect(relErr(m2, m1)).toBeLessThan(1e-6);
      expect(relErr(v2, v1)).toBeLessThan(1e-6);
    });
  });

  describe('attention', () => {
    for (const [B, S, H, Dh, p] of [
      [2, 7, 2, 5, 0],
      [3, 13, 3, 9, 0.2],
      [1, 64, 2, 64, 0.1],
      [2, 33, 1, 17, 0],
      [6, 64, 2, 64, 0.1],
      [5, 67, 3, 30, 0.2],
    ] as const) {
      it(`B=${B} S=${S} H=${H} d=${Dh} dropout ${p}`, () => {
        const D = H * Dh,
          q = randn(B * S * D, 1),
          k = randn(B * S * D, 2),
          v = randn(B * S * D, 3),
          dc = randn(B * S * D, 4);
        const mask = new Float32Array(B * S).fill(1);
        for (let j = S - 2; j < S; j++) mask[j] = 0; // padding in the first example
        const dims = { batch: B, seqLen: S, heads: H, headDim: Dh };
        const spec = p > 0 ? { p, seed: 11, stream: 3 } : undefined;
        const f1 = TS.attention(q, k, v, mask, dims, spec),
          f2 = W.attention(q, k, v, mask, dims, spec);
        expect(relErr(f2.probsPreDropout, f1.probsPreDropout)).toBeLessThan(1e-5);
        expect(relErr(f2.probs, f1.probs)).toBeLessThan(1e-5);
        expect(relErr(f2.ctx, f1.ctx)).toBeLessThan(1e-5);
        const b1 = TS.attentionBackward(dc, q, k, v, f1.probs, f1.probsPreDropout, dims, spec);
        const b2 = W.attentionBackward(dc, q, k, v, f1.probs, f1.probsPreDropout, dims, spec);
        for (const key of ['dq', 'dk', 'dv'] as const) expect(relErr(b2[key], b1[key])).toBeLessThan(2e-5);
      });
    }
  });
  if (threads > 1) it('split the big calls across the threads', () => expect(W.pool!.parallelCalls).toBeGreaterThan(10));
});
