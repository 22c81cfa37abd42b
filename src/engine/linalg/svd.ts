// Exact truncated SVD of a small dense matrix by one-sided Jacobi (Hestenes) rotations in f64.
// W [m, n] ≈ U_r diag(σ_r) V_rᵀ with σ descending.
//
// Sign convention (fixed once, shared with tools/golden/make_engine_fixtures.py): each left
// singular vector u_i is flipped, together with v_i, so that its entry of largest magnitude is
// positive (the first such entry on ties). This makes U_r, V_r unique for distinct σ.
//
// Cost: O(sweeps · min(m,n)² · max(m,n)); fine for the few hundred-wide matrices of a small BERT;
// truncatedSvd switches to the randomized SVD above EXACT_SVD_MAX_DIM.
import { randomizedSvd } from './randomized_svd';

export interface TruncatedSvd {
  /** Left singular vectors, row-major [m, r]. */
  u: Float64Array;
  /** Singular values, descending [r]. */
  s: Float64Array;
  /** Right singular vectors, row-major [n, r] (columns are v_i). */
  v: Float64Array;
  m: number;
  n: number;
  r: number;
}

/** Full thin SVD of a [rows, cols] matrix with rows ≥ cols: orthogonalise the columns. */
function jacobiTall(a: Float64Array, rows: number, cols: number): { u: Float64Array; s: Float64Array; v: Float64Array } {
  const A = a.slice(); // columns get rotated in place; becomes U·Σ
  const V = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) V[i * cols + i] = 1;
  const tol = 1e-15;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0,
          beta = 0,
          gamma = 0;
        for (let i = 0; i < rows; i++) {
          const ap = A[i * cols + p],
            aq = A[i * cols + q];
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t),
          sn = c * t;
        for (let i = 0; i < rows; i++) {
          const ap = A[i * cols + p],
            aq = A[i * cols + q];
          A[i * cols + p] = c * ap - sn * aq;
          A[i * cols + q] = sn * ap + c * aq;
        }
        for (let i = 0; i < cols; i++) {
          const vp = V[i * cols + p],
            vq = V[i * cols + q];
          V[i * cols + p] = c * vp - sn * vq;
          V[i * cols + q] = sn * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let ss = 0;
    for (let i = 0; i < rows; i++) ss += A[i * cols + j] ** 2;
    s[j] = Math.sqrt(ss);
    if (s[j] > 0) for (let i = 0; i < rows; i++) A[i * cols + j] /= s[j];
  }
  return { u: A, s, v: V };
}

/**
 * Above this min(m, n) the top-r SVD is randomized (randomized_svd.ts): one-sided Jacobi costs
 * O(min² · max) per sweep, minutes for a 768 × 768 BERT-base matrix. The embedded model's matrices
 * (128 × 128, 128 × 512) stay exact, as the PyTorch golden fixtures check.
 */
export const EXACT_SVD_MAX_DIM = 256;

/** Top-r singular triplets of W (row-major [m, n]): exact up to EXACT_SVD_MAX_DIM, randomized above. */
export function truncatedSvd(w: ArrayLike<number>, m: number, n: number, r: number): TruncatedSvd {
  if (Math.min(m, n) > EXACT_SVD_MAX_DIM && r < Math.min(m, n) / 4) return randomizedSvd(w, m, n, r);
  return exactTruncatedSvd(w, m, n, r);
}

/**
 * Top-r singular triplets of W (row-major [m, n]) by one-sided Jacobi. Throws if r is not in [1, min(m, n)].
 * Singular vectors of zero singular values are returned as computed (not guaranteed orthonormal).
 */
export function exactTruncatedSvd(w: ArrayLike<number>, m: number, n: number, r: number): TruncatedSvd {
  if (w.length !== m * n) throw new Error(`truncatedSvd: matrix has ${w.length} elements, expected ${m}×${n}`);
  if (!Number.isInteger(r) || r < 1 || r > Math.min(m, n))
    throw new Error(`truncatedSvd: rank ${r} must be an integer in [1, min(${m}, ${n}) = ${Math.min(m, n)}]`);
  const tall = m >= n;
  const rows = tall ? m : n,
    cols = tall ? n : m;
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      if (tall) a[i * n + j] = w[i * n + j];
      else a[j * m + i] = w[i * n + j];
    }
  const full = jacobiTall(a, rows, cols);
  // Tall case: W = U Σ Vᵀ directly. Wide case: Wᵀ = U' Σ V'ᵀ, so U = V', V = U'.
  const L = tall ? full.u : full.v,
    Lr = tall ? rows : cols; // left vectors [m, cols]
  const R = tall ? full.v : full.u,
    Rr = tall ? cols : rows; // right vectors [n, cols]
  const order = Array.from({ length: cols }, (_, i) => i).sort((x, y) => full.s[y] - full.s[x] || x - y);
  const u = new Float64Array(m * r),
    v = new Float64Array(n * r),
    s = new Float64Array(r);
  for (let k = 0; k < r; k++) {
    const c = order[k];
    s[k] = full.s[c];
    let best = 0,
      bestAbs = -1;
    for (let i = 0; i < Lr; i++) {
      const x = Math.abs(L[i * cols + c]);
      if (x > bestAbs + 1e-12) {
        bestAbs = x;
        best = i;
      }
    }
    const sign = L[best * cols + c] < 0 ? -1 : 1;
    for (let i = 0; i < Lr; i++) u[i * r + k] = sign * L[i * cols + c];
    for (let i = 0; i < Rr; i++) v[i * r + k] = sign * R[i * cols + c];
  }
  return { u, s, v, m, n, r };
}
