// Our WebGPU matmul against onnxruntime-web's webgpu MatMul on one GPUDevice (ORT's own: see
// bench_page.ts), timed the same way: inputs already on the GPU, one warm-up run each (pipeline
// builds), then `reps` runs issued back to back and the clock stopped by onSubmittedWorkDone() on
// the shared queue. Both outputs stay
// on the GPU while timed; one product of each is read back afterwards to check they agree.
import type { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { waitIdle, type GpuContext } from '../gpu/device';
import { randn } from '../gpu/twin_compare';
import { gpuInput, ortMatmulGpu, type OrtSession } from './ort_matmul';

export interface MatmulPairResult {
  n: number;
  reps: number;
  ours: { ms: number; gflops: number; warmupMs: number };
  ort: { ms: number; gflops: number; warmupMs: number };
  /** max |ours − ort| / max |ort| over the whole product. */
  relDiff: number;
  /** Worst relative error of 16 sampled entries against an f64 dot product, per side (sanity). */
  sampleErr: { ours: number; ort: number };
}

export interface MatmulVsOrtOptions {
  sizes: number[];
  /** Upper bound on timed repetitions per size. */
  reps: number;
  /** Fewer repetitions when the warm-ups say a size would take longer than this (SwiftShader: 1 at 1024). */
  maxMsPerSize: number;
  log?: (line: string) => void;
}

const now = () => globalThis.performance.now();
const gflops = (n: number, ms: number) => (2 * n ** 3) / (ms * 1e6);

function deviceBuffer(ctx: GpuContext, data: Float32Array, label: string): GPUBuffer {
  const buf = ctx.device.createBuffer({ label, size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  ctx.device.queue.writeBuffer(buf, 0, data);
  return buf;
}

export async function matmulVsOrt(be: WebGpuBackend, session: OrtSession, o: MatmulVsOrtOptions): Promise<MatmulPairResult[]> {
  const ctx = be.ctx;
  const results: MatmulPairResult[] = [];
  for (const n of o.sizes) {
    const ha = randn(n * n, 1),
      hb = randn(n * n, 2);
    const a = be.upload(ha, [n, n], `bench.a${n}`),
      b = be.upload(hb, [n, n], `bench.b${n}`),
      c = be.zeros([n, n], `bench.c${n}`);
    const bufA = deviceBuffer(ctx, ha, `ort.a${n}`),
      bufB = deviceBuffer(ctx, hb, `ort.b${n}`);
    const ta = gpuInput(bufA, [n, n]),
      tb = gpuInput(bufB, [n, n]);
    try {
      await waitIdle(ctx, 'bench uploads');
      // Warm-up, one each; the slower one bounds the repetitions of both.
      let t0 = now();
      be.matmul(a, b, { out: c });
      be.flush();
      await waitIdle(ctx, 'ours warm-up');
      const oursWarm = now() - t0;
      t0 = now();
      const warmOut = await ortMatmulGpu(session, ta, tb);
      await waitIdle(ctx, 'ort warm-up');
      const ortWarm = now() - t0;
      const theirs = (await warmOut.getData()) as Float32Array;
      warmOut.dispose();
      const reps = Math.max(1, Math.min(o.reps, Math.floor(o.maxMsPerSize / Math.max(oursWarm, ortWarm, 1e-3))));

      t0 = now();
      for (let i = 0; i < reps; i++) {
        be.matmul(a, b, { out: c });
        be.flush();
      }
      await waitIdle(ctx, 'ours');
      const oursMs = (now() - t0) / reps;

      const outs = [];
      t0 = now();
      for (let i = 0; i < reps; i++) outs.push(await ortMatmulGpu(session, ta, tb));
      await waitIdle(ctx, 'ort');
      const ortMs = (now() - t0) / reps;
      for (const t of outs) t.dispose();

      const mine = (await be.read(c)) as Float32Array;
      let d = 0,
        m = 0;
      for (let i = 0; i < mine.length; i++) {
        d = Math.max(d, Math.abs(mine[i] - theirs[i]));
        m = Math.max(m, Math.abs(theirs[i]));
      }
      const r: MatmulPairResult = {
        n,
        reps,
        ours: { ms: oursMs, gflops: gflops(n, oursMs), warmupMs: oursWarm },
        ort: { ms: ortMs, gflops: gflops(n, ortMs), warmupMs: ortWarm },
        relDiff: d / Math.max(m, 1e-12),
        sampleErr: { ours: sampleError(ha, hb, mine, n), ort: sampleError(ha, hb, theirs, n) },
      };
      o.log?.(
        `matmul ${n}³ (${reps} reps): ours ${oursMs.toFixed(2)} ms = ${r.ours.gflops.toFixed(3)} GFLOP/s, ` +
          `onnxruntime-web ${ortMs.toFixed(2)} ms = ${r.ort.gflops.toFixed(3)} GFLOP/s, rel diff ${r.relDiff.toExponential(1)}, sample err ours ${r.sampleErr.ours.toExponential(1)} / ORT ${r.sampleErr.ort.toExponential(1)}`,
      );
      results.push(r);
    } finally {
      ta.dispose();
      tb.dispose();
      bufA.destroy();
      bufB.destroy();
      be.release(a);
      be.release(b);
      be.release(c);
    }
  }
  return results;
}

/** Worst |c − ref| / Σ|a·b| over 16 sampled entries of C = A B (f64 reference). */
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
