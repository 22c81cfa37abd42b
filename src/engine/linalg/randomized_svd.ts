// Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1): a Gaussian
// sketch Y = W Ω of r + p columns, q power iterations with re-orthonormalisation (W Wᵀ)^q W Ω,
// Q = orth(Y), then the exact SVD of the small B = Qᵀ W. The b-lora-xs reference initialises
// LoRA-XS this way; one-sided Jacobi on a 768 × 768 BERT-base matrix takes minutes, this well under
// a second. Same output and sign convention as truncatedSvd (largest-magnitude entry of each u_i > 0).
import { philoxNormal } from '../../rng/philox';
import { exactTruncatedSvd, type TruncatedSvd } from './svd';

export interface RandomizedSvdOptions {
  /** Extra sketch columns beyond r (10 is the usual choice). */
  oversample?: number;
  /** Power iterations: each sharpens the sketch by the spectrum's decay (4 is plenty for trained weights). */
  powerIterations?: number;
  seed?: number;
}

/** Orthonormalise the k columns of a row-major [rows, k] matrix in place (modified Gram–Schmidt, twice). */
function orthonormalize(a: Float64Array, rows: number, k: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < k; j++) {
      for (let p = 0; p < j; p++) {
        let d = 0;
        for (let i = 0; i < rows; i++) d += a[i * k + p] * a[i * k + j];
        for (let i = 0; i < rows; i++) a[i * k + j] -= d * a[i * k + p];
      }
      let nrm = 0;
      for (let i = 0; i < rows; i++) nrm += a[i * k + j] ** 2;
      nrm = Math.sqrt(nrm);
      // A column that vanished (rank below k) stays 0: it contributes nothing to B = Qᵀ W.
      const inv = nrm > 1e-300 ? 1 / nrm : 0;
      for (let i = 0; i < rows; i++) a[i * k + j] *= inv;
    }
  }
}

/** out [m, k] = W [m, n] · X [n, k] (transW: Wᵀ [n, m] · X [m, k] → out [n, k]). */
function multiply(w: ArrayLike<number>, m: number, n: number, x: Float64Array, k: number, transW: boolean): Float64Array {
  if (!transW) {
    const out = new Float64Array(m * k);
    for (let i = 0; i < m; i++)
      for (let t = 0; t < n; t++) {
        const a = w[i * n + t];
        if (a === 0) continue;
        for (let j = 0; j < k; j++) out[i * k + j] += a * x[t * k + j];
      }
    return out;
  }
  const out = new Float64Array(n * k);
  for (let t = 0; t < m; t++)
    for (let i = 0; i < n; i++) {
      const a = w[t * n + i];
      if (a === 0) continue;
      for (let j = 0; j < k; j++) out[i * k + j] += a * x[t * k + j];
    }
  return out;
}

export function randomizedSvd(w: ArrayLike<number>, m: number, n: number, r: number, opts: RandomizedSvdOptions = {}): TruncatedSvd {
  if (w.length !== m * n) throw new Error(`randomizedSvd: matrix has ${w.length} elements, expected ${m}×${n}`);
  if (!Number.isInteger(r) || r < 1 || r > Math.min(m, n)) throw new Error(`randomizedSvd: rank ${r} must be an integer in [1, min(${m}, ${n})]`);
  const k = Math.min(r + (opts.oversample ?? 10), m, n);
  const omega = Float64Array.from(philoxNormal(opts.seed ?? 0x5bd, 0, new Float32Array(n * k)));
  let q = multiply(w, m, n, omega, k, false);
  orthonormalize(q, m, k);
  for (let it = 0; it < (opts.powerIterations ?? 4); it++) {
    const z = multiply(w, m, n, q, k, true);
    orthonormalize(z, n, k);
    q = multiply(w, m, n, z, k, false);
    orthonormalize(q, m, k);
  }
  // B = Qᵀ W [k, n], small: its exact SVD gives W ≈ (Q U_B) Σ Vᵀ.
  const bt = multiply(w, m, n, q, k, true); // Wᵀ Q = Bᵀ [n, k]
  const b = new Float64Array(k * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) b[j * n + i] = bt[i * k + j];
  const small = exactTruncatedSvd(b, k, n, r);
  const u = new Float64Array(m * r);
  for (let i = 0; i < m; i++)
    for (let c = 0; c < r; c++) {
      let x = 0;
      for (let j = 0; j < k; j++) x += q[i * k + j] * small.u[j * r + c];
      u[i * r + c] = x;
    }
  const v = small.v.slice();
  // The sign convention on the full-size u_i (the small one's does not carry over through Q).
  for (let c = 0; c < r; c++) {
    let best = 0,
      bestAbs = -1;
    for (let i = 0; i < m; i++) {
      const a = Math.abs(u[i * r + c]);
      if (a > bestAbs + 1e-12) {
        bestAbs = a;
        best = i;
      }
    }
    if (u[best * r + c] < 0) {
      for (let i = 0; i < m; i++) u[i * r + c] = -u[i * r + c];
      for (let i = 0; i < n; i++) v[i * r + c] = -v[i * r + c];
    }
  }
  return { u, s: small.s.slice(), v, m, n, r };
}
