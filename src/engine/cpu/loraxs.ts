// LoRA-XS linear (docs/METHOD.md §1): y = x Wᵀ + b + s · ((x Aᵀ) Rᵀ) Bᵀ, A [r, in], B [out, r], R [r, r].
// Only R is trained; W, A, B are frozen, so the backward returns dx and dR only.
import { matmulCpu } from './matmul';

export interface LoraXsDims {
  N: number;
  inF: number;
  outF: number;
  r: number;
}

/** Returns y [N, out] and u = x Aᵀ [N, r] (kept for the backward). */
export function loraXsForwardCpu(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  a: Float32Array,
  bMat: Float32Array,
  rMat: Float32Array,
  s: number,
  d: LoraXsDims,
): { y: Float32Array; u: Float32Array } {
  const { N, inF, outF, r } = d;
  const y = matmulCpu(x, w, N, inF, outF, { transB: true, bias: b });
  const u = matmulCpu(x, a, N, inF, r, { transB: true });
  const t = matmulCpu(u, rMat, N, r, r, { transB: true });
  matmulCpu(t, bMat, N, r, outF, { transB: true, alpha: s, out: y, accumulate: true });
  return { y, u };
}

/** dR [r, r] = s · (dy B)ᵀ u; dx = dy W + s · ((dy B) R) A when needDx. */
export function loraXsBackwardCpu(
  dy: Float32Array,
  u: Float32Array,
  w: Float32Array,
  a: Float32Array,
  bMat: Float32Array,
  rMat: Float32Array,
  s: number,
  d: LoraXsDims,
  needDx: boolean,
): { dx: Float32Array | null; dR: Float32Array } {
  const { N, inF, outF, r } = d;
  const g = matmulCpu(dy, bMat, N, outF, r); // [N, r]
  const dR = matmulCpu(g, u, r, N, r, { transA: true, alpha: s });
  if (!needDx) return { dx: null, dR };
  const dx = matmulCpu(dy, w, N, outF, inF);
  const du = matmulCpu(g, rMat, N, r, r, { alpha: s }); // [N, r]
  matmulCpu(du, a, N, r, inF, { out: dx, accumulate: true });
  return { dx, dR };
}
