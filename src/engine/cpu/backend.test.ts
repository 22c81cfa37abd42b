import { describe, expect, it } from 'vitest';
import { CpuBackend } from './backend';
import { matmulNaive } from './matmul';
import { randn, relErr } from './testing/test_helpers';

describe('CpuBackend', () => {
  const be = new CpuBackend();
  it('upload copies, read returns a copy, write/copy check sizes, zeros honour dtype', async () => {
    const src = Float32Array.of(1, 2, 3, 4);
    const t = be.upload(src, [2, 2], 't');
    src[0] = 9;
    expect([...((await be.read(t)) as Float32Array)]).toEqual([1, 2, 3, 4]);
    const r = (await be.read(t)) as Float32Array;
    r[1] = 7;
    expect((be.view(t) as Float32Array)[1]).toBe(2);
    be.write(t, Float32Array.of(5, 6, 7, 8));
    const u = be.zeros([4], 'u');
    be.copy(t, u);
    expect([...(be.view(u) as Float32Array)]).toEqual([5, 6, 7, 8]);
    expect(() => be.write(t, new Float32Array(3))).toThrow(/got 3 elements, tensor has 4/);
    expect(be.zeros([3], 'i', 'i32').dtype).toBe('i32');
    expect(be.view(be.zeros([3], 'i', 'i32'))).toBeInstanceOf(Int32Array);
    be.release(u);
    expect(() => be.read(u)).toThrow(/used after release/);
  });
  it('matmul infers shapes from transposes, writes into out and accumulates; checks inner dimensions', () => {
    const a = randn(6 * 4, 1),
      b = randn(4 * 5, 2);
    const A = be.upload(a, [6, 4], 'A'),
      Bt = be.upload(b, [4, 5], 'B');
    const c = be.matmul(A, Bt);
    expect(c.shape).toEqual([6, 5]);
    expect(relErr(be.view(c) as Float32Array, matmulNaive(a, b, 6, 4, 5))).toBeLessThan(1e-6);
    const ct = be.matmul(Bt, A, { transA: true, transB: true }); // (AB)ᵀ = Bᵀ Aᵀ
    expect(ct.shape).toEqual([5, 6]);
    be.matmul(A, Bt, { out: c, accumulate: true, alpha: -1 });
    expect(Math.max(...(be.view(c) as Float32Array).map(Math.abs))).toBeLessThan(1e-6);
    expect(() => be.matmul(A, A)).toThrow(/inner dimensions differ \(4 vs 6\)/);
  });
  it('linear / linearBackwardInput / linearBackwardParams follow PyTorch layouts', () => {
    const x = be.upload(Float32Array.of(1, 2, 3, 4), [2, 2], 'x');
    const w = be.upload(Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2], 'w');
    const b = be.upload(Float32Array.of(0.5, 0, -1), [3], 'b');
    const y = be.linear(x, w, b);
    expect(y.shape).toEqual([2, 3]);
    expect([...(be.view(y) as Float32Array)]).toEqual([1.5, 2, 2, 3.5, 4, 6]);
    const dy = be.upload(Float32Array.of(1, 0, 1, 0, 1, 0), [2, 3], 'dy');
    expect([...(be.view(be.linearBackwardInput(dy, w)) as Float32Array)]).toEqual([2, 1, 0, 1]);
    const dW = be.zeros([3, 2], 'dW'),
      db = be.zeros([3], 'db');
    be.linearBackwardParams(dy, x, dW, db, false);
    be.linearBackwardParams(dy, x, dW, db, true);
    expect([...(be.view(dW) as Float32Array)]).toEqual([2, 4, 6, 8, 2, 4]);
    expect([...(be.view(db) as Float32Array)]).toEqual([2, 2, 2]);
  });
  it('gatherCls/scatterCls pick and restore rows b·seqLen', () => {
    const x = be.upload(
      Float32Array.from({ length: 12 }, (_, i) => i),
      [6, 2],
      'x',
    );
    const cls = be.gatherCls(x, 2, 3);
    expect([...(be.view(cls) as Float32Array)]).toEqual([0, 1, 6, 7]);
    expect([...(be.view(be.scatterCls(cls, 2, 3)) as Float32Array)]).toEqual([0, 1, 0, 0, 0, 0, 6, 7, 0, 0, 0, 0]);
  });
  it('rejects tensors of the wrong dtype', () => {
    const f = be.upload(Float32Array.of(0, 1), [2], 'ids');
    const w = be.zeros([4, 2], 'w');
    expect(() => be.embeddings(f, f, 2, w, w, w)).toThrow(/"ids" must be i32, is f32/);
  });
});
