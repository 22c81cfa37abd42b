// Smoke test of the benchmark peers at tiny sizes: each runs once and its RESULT values are checked
// (timings never are). tfjs-wasm's product against a plain JS loop; onnxruntime's forward of the
// merged bench model (web wasm EP and the native CPU EP must agree) with logits [B, 2].
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import { syntheticBatch } from '../bench_model';
import { createOrtForward, ortForwardLogits, timeOrtForward } from './ort_forward';
import { peerModelOnnx } from './peer_model';
import { lcgValues, tfjsMatmul, timeOrtMatmul, timeTfjsMatmul } from './tfjs_matmul';

const MODEL = join(__dirname, '..', '..', '..', 'public', 'models', 'blora-tiny-uncased');

function plainMatmul(a: Float32Array, b: Float32Array, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) c[i * N + j] += a[i * K + k] * b[k * N + j];
  return c;
}

describe('matmul peers (tfjs-wasm, onnxruntime-web wasm)', () => {
  it('tfjs-wasm matMul equals a plain JS matmul at 64×48×40', async () => {
    const [M, K, N] = [64, 48, 40];
    const a = lcgValues(M * K, 3),
      b = lcgValues(K * N, 4);
    const got = await tfjsMatmul(a, b, M, K, N),
      want = plainMatmul(a, b, M, K, N);
    expect(got.length).toBe(M * N);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it('the timing helpers run and report one sample per repetition', async () => {
    for (const t of [await timeTfjsMatmul(32, { reps: 2 }), await timeOrtMatmul(32, { reps: 2 })]) {
      expect(t.n).toBe(32);
      expect(t.samples).toHaveLength(2);
      expect(Number.isFinite(t.msMedian) && Number.isFinite(t.gflops)).toBe(true);
    }
  });
});

describe('onnxruntime forward peer (merged LoRA-XS bench model)', () => {
  it('web wasm EP and onnxruntime-node give the same finite logits [B, 2]', async () => {
    const m = await loadModel(nodeDirSource(MODEL), { includeOnnx: false });
    const bytes = peerModelOnnx(m.config, m.weights, 8, 0);
    const batch = syntheticBatch(m.config, 3, 12, 7);
    const web = await createOrtForward(bytes, { backend: 'web-wasm', threads: 1 });
    const native = await createOrtForward(bytes, { backend: 'node', threads: 1 });
    const a = await ortForwardLogits(web, batch),
      b = await ortForwardLogits(native, batch);
    expect(a.dims).toEqual([3, 2]);
    expect(b.dims).toEqual([3, 2]);
    for (let i = 0; i < 6; i++) {
      expect(Number.isFinite(a.data[i])).toBe(true);
      expect(Math.abs(a.data[i] - b.data[i])).toBeLessThan(1e-4);
    }
    // Not all equal: the rows are different sentences.
    expect(new Set(Array.from(a.data).map((x) => x.toFixed(6))).size).toBeGreaterThan(2);
    const t = await timeOrtForward(native, batch, { warmup: 1, reps: 2, itersPerRep: 1 });
    expect(t.samples).toHaveLength(2);
    await web.session.release();
    await native.session.release();
  });
});
