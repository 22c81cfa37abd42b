// Shared test helpers for the CPU twins: seeded data, relative error, finite differences.
import { philoxNormal } from '../../../rng/philox';

export function randn(n: number, seed: number, scale = 1, stream = 0): Float32Array {
  const a = philoxNormal(seed, stream, new Float32Array(n));
  for (let i = 0; i < n; i++) a[i] *= scale;
  return a;
}

/** max|a − b| / max(max|b|, 1e-6): the project's per-tensor relative error. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relErr: lengths differ (${a.length} vs ${b.length})`);
  let d = 0,
    m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / Math.max(m, 1e-6);
}

/** Σ w ⊙ y accumulated in f64: turns a tensor-valued function into a scalar probe. */
export function dotF64(w: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += w[i] * y[i];
  return s;
}

/** Central-difference gradient of f at x (x is restored afterwards). */
export function finiteDiff(f: (x: Float32Array) => number, x: Float32Array, eps: number): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    x[i] = x0 + eps;
    const fp = f(x);
    x[i] = x0 - eps;
    const fm = f(x);
    x[i] = x0;
    // Use the actually representable step so f32 rounding of x ± eps does not bias the quotient.
    g[i] = (fp - fm) / (Math.fround(x0 + eps) - Math.fround(x0 - eps));
  }
  return g;
}
