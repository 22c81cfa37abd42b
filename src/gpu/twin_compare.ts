// Seeded inputs and the relative error shared by the GPU tests, the engine checks and the matmul benches.
import { philoxNormal, philoxUniform } from '../rng/philox';

/** Standard normals (scaled), deterministic in seed. */
export function randn(n: number, seed: number, scale = 1): Float32Array {
  const a = philoxNormal(seed, 11, new Float32Array(n));
  for (let i = 0; i < n; i++) a[i] *= scale;
  return a;
}

/** Integers in [0, max), deterministic in seed. */
export function randInt(n: number, max: number, seed: number): Int32Array {
  const u = philoxUniform(seed, 12, new Float32Array(n));
  return Int32Array.from(u, (v) => Math.min(max - 1, Math.floor(v * max)));
}

/** max|a − b| / max(max|b|, 1e-6): per-tensor relative error, as the CPU twin tests use. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relErr: lengths differ (${a.length} vs ${b.length})`);
  let d = 0,
    m = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i] - b[i]);
    d = Number.isNaN(diff) ? Infinity : Math.max(d, diff);
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / Math.max(m, 1e-6);
}
