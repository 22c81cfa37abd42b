// CPU twins of the grouped-forward ops (Monte-Carlo prediction over G posterior samples held as
// G row groups): groupedMatmul and repeatRows. See Backend.groupedMatmul for the contract.
import type { GroupedMatmulDims } from '../grouped_shape';
import { matmulCpu } from './matmul';

/** out[g·n + i] = alpha · x_g[i] W_gᵀ (+ base) (+ out if accumulate); shared operands are broadcast. */
export function groupedMatmulCpu(
  x: Float32Array,
  w: Float32Array,
  d: GroupedMatmulDims,
  o: { alpha?: number; base?: Float32Array | null; out?: Float32Array; accumulate?: boolean } = {},
): Float32Array {
  const { G, n, K, J } = d;
  const groupOut = n * J;
  const out = o.out ?? new Float32Array(G * groupOut);
  // The base goes in first; the products then accumulate on top of it.
  if (o.base) {
    for (let g = 0; g < G; g++) {
      const src = d.baseShared ? o.base.subarray(0, groupOut) : o.base.subarray(g * groupOut, (g + 1) * groupOut);
      const dst = out.subarray(g * groupOut, (g + 1) * groupOut);
      if (o.accumulate) for (let i = 0; i < groupOut; i++) dst[i] += src[i];
      else dst.set(src);
    }
  }
  const accumulate = !!o.accumulate || !!o.base;
  const alpha = o.alpha ?? 1;
  if (d.wShared && !d.xShared) {
    // One weight for every group and one input per group: a single product over all G·n rows.
    matmulCpu(x, w, G * n, K, J, { transB: true, alpha, out, accumulate });
    return out;
  }
  for (let g = 0; g < G; g++) {
    const xs = d.xShared ? x.subarray(0, n * K) : x.subarray(g * n * K, (g + 1) * n * K);
    const ws = d.wShared ? w.subarray(0, J * K) : w.subarray(g * J * K, (g + 1) * J * K);
    matmulCpu(xs, ws, n, K, J, { transB: true, alpha, out: out.subarray(g * groupOut, (g + 1) * groupOut), accumulate });
  }
  return out;
}

/** [n, D] → [times·n, D]. */
export function repeatRowsCpu(x: Float32Array, times: number): Float32Array {
  const out = new Float32Array(x.length * times);
  for (let g = 0; g < times; g++) out.set(x, g * x.length);
  return out;
}
