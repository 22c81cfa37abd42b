// Matmul throughput of our WGSL kernel (GFLOP/s = 2·n³ / time), in Node or a browser. Warm-up
// runs build the pipeline and fault in memory; timed repetitions are recorded into one encoder and
// timed up to onSubmittedWorkDone. No assertions: callers print or chart the numbers.
import type { Tensor } from '../../engine/backend';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { waitIdle } from '../../gpu/device';
import { randn } from '../../gpu/twin_compare';

export interface MatmulBenchOptions {
  sizes?: number[];
  warmup?: number;
  reps?: number;
  /** Fewer repetitions when the warm-up says a size would take longer than this (SwiftShader). */
  maxMsPerSize?: number;
  log?: (line: string) => void;
}

export interface MatmulBenchResult {
  n: number;
  reps: number;
  /** Mean wall time per matmul, submit to completion. */
  ms: number;
  gflops: number;
  /** Max relative error of a few sampled entries vs an f64 dot product (sanity, not a test). */
  sampleRelErr: number;
}

const now = () => globalThis.performance.now();

export async function benchMatmul(be: WebGpuBackend, opts: MatmulBenchOptions = {}): Promise<MatmulBenchResult[]> {
  const { sizes = [256, 512, 1024], warmup = 1, reps = 5, maxMsPerSize = 30_000, log } = opts;
  const results: MatmulBenchResult[] = [];
  for (const n of sizes) {
    const ha = randn(n * n, 1),
      hb = randn(n * n, 2);
    const a = be.upload(ha, [n, n], `bench.a${n}`),
      b = be.upload(hb, [n, n], `bench.b${n}`);
    const out = be.zeros([n, n], `bench.c${n}`);
    let warmMs = Infinity;
    for (let i = 0; i < warmup; i++) {
      const t0 = now();
      be.matmul(a, b, { out });
      be.flush();
      await waitIdle(be.ctx, 'bench warm-up');
      warmMs = Math.min(warmMs, now() - t0);
    }
    const r = Math.max(1, Math.min(reps, Math.floor(maxMsPerSize / Math.max(warmMs, 1e-3))));
    const t0 = now();
    for (let i = 0; i < r; i++) be.matmul(a, b, { out });
    be.flush();
    await waitIdle(be.ctx, 'bench');
    const ms = (now() - t0) / r;
    const c = (await be.read(out)) as Float32Array;
    const res: MatmulBenchResult = { n, reps: r, ms, gflops: (2 * n ** 3) / (ms * 1e6), sampleRelErr: sampleError(ha, hb, c, n) };
    results.push(res);
    log?.(`matmul ${n}³: ${ms.toFixed(2)} ms, ${res.gflops.toFixed(3)} GFLOP/s (${r} reps, sample rel err ${res.sampleRelErr.toExponential(1)})`);
    for (const t of [a, b, out] as Tensor[]) be.release(t);
  }
  return results;
}

function sampleError(a: Float32Array, b: Float32Array, c: Float32Array, n: number): number {
  let worst = 0;
  for (let s = 0; s < 16; s++) {
    const i = (s * 7919) % n,
      j = (s * 104729 + 3) % n;
    let ref = 0,
      mag = 0;
    for (let k = 0; k < n; k++) {
      ref += a[i * n + k] * b[k * n + j];
      mag += Math.abs(a[i * n + k] * b[k * n + j]);
    }
    worst = Math.max(worst, Math.abs(c[i * n + j] - ref) / Math.max(mag, 1e-12));
  }
  return worst;
}

/** Convenience: create a backend (navigator.gpu, or an injected GPU in Node), bench, destroy. */
export async function runMatmulBench(opts: MatmulBenchOptions & { gpu?: GPU; allowFallback?: boolean } = {}): Promise<MatmulBenchResult[]> {
  const be = await WebGpuBackend.create({ gpu: opts.gpu, allowFallback: opts.allowFallback ?? true });
  try {
    return await benchMatmul(be, opts);
  } finally {
    be.destroy();
  }
}
