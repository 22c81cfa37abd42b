// LoRA linear: y = x Wᵀ + b + s · (x Aᵀ) Bᵀ with A [r, in] and B [out, r] both trained.
import { matmulCpu } from './matmul';
import type { LoraXsDims } from './loraxs';

export type LoraDims = LoraXsDims;

/** Returns y [N, out] and u = x Aᵀ [N, r]. */
export function loraForwardCpu(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  a: Float32Array,
  bMat: Float32Array,
  s: number,
  d: LoraDims,
): { y: Float32Array; u: Float32Array } {
  const { N, inF, outF, r } = d;
  const y = matmulCpu(x, w, N, inF, outF, { transB: true, bias: b });
  const u = matmulCpu(x, a, N, inF, r, { transB: true });
  matmulCpu(u, bMat, N, r, outF, { transB: true, alpha: s, out: y, accumulate: true });
  return { y, u };
}

/** dB = s · dyᵀ u; du = s · dy B; dA = duᵀ x; dx = dy W + du A when needDx. */
export function loraBackwardCpu(
  dy: Float32Array,
  x: Float32Array,
  u: Float32Array,
  w: Float32Array,
  a: Float32Array,
  bMat: Float32Array,
  s: number,
  d: LoraDims,
  needDx: boolean,
): { dx: Float32Array | null; dA: Float32Array; dB: Float32Array } {
  const { N, inF, outF, r } = d;
  const dB = matmulCpu(dy, u, outF, N, r, { transA: true, alpha: s });
  const du = matmulCpu(dy, bMat, N, outF, r, { alpha: s });
  const dA = matmulCpu(du, x, r, N, inF, { transA: true });
  if (!needDx) return { dx: null, dA, dB };
  const dx = matmulCpu(dy, w, N, outF, inF);
  matmulCpu(du, a, N, r, inF, { out: dx, accumulate: true });
  return { dx, dA, dB };
}
