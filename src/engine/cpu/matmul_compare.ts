// Times the blocked CPU matmul against the naive i-j-k loop (for `blora bench engine` and
// matmul.bench.ts). Returns numbers, never asserts them: timings depend on the machine.
import { matmulCpu, matmulNaive } from './matmul';

export interface MatmulTiming {
  n: number;
  naiveMs: number;
  blockedMs: number;
  speedup: number;
  gflopsBlocked: number;
}

function randomMatrix(n: number, seed: number): Float32Array {
  const a = new Float32Array(n * n);
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export function compareMatmul(sizes: number[] = [256, 512], reps = 3, log: (s: string) => void = console.log): MatmulTiming[] {
  const out: MatmulTiming[] = [];
  for (const n of sizes) {
    const a = randomMatrix(n, 1),
      b = randomMatrix(n, 2),
      c = new Float32Array(n * n);
    matmulCpu(a, b, n, n, n, { out: c }); // warm-up (JIT, scratch buffers)
    // Interleaved best-of-reps, so a burst of load on a shared machine hits both kernels alike.
    let blockedMs = Infinity,
      naiveMs = Infinity;
    for (let r = 0; r < reps; r++) {
      blockedMs = Math.min(
        blockedMs,
        time(() => matmulCpu(a, b, n, n, n, { out: c })),
      );
      naiveMs = Math.min(
        naiveMs,
        time(() => matmulNaive(a, b, n, n, n)),
      );
    }
    const t = { n, naiveMs, blockedMs, speedup: naiveMs / blockedMs, gflopsBlocked: (2 * n ** 3) / (blockedMs * 1e6) };
    log(
      `matmul ${n}³: naive ${naiveMs.toFixed(1)} ms, blocked ${blockedMs.toFixed(1)} ms (${t.gflopsBlocked.toFixed(2)} GFLOP/s), speed-up ${t.speedup.toFixed(1)}×`,
    );
    out.push(t);
  }
  return out;
}
