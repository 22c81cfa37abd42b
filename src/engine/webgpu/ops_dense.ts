// Dense algebra: the tiled matmul (with its fused low-rank epilogue), column sums and
// element-wise arithmetic.
import { limitExceeded } from '../../gpu/errors';
import type { GpuTensor } from './gpu_tensor';
import type { KernelHost } from './kernel_host';
import { KERNELS } from './kernels';

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  bias?: GpuTensor | null;
  alpha?: number;
  out?: GpuTensor;
  accumulate?: boolean;
  /** Low-rank epilogue + s · T op(L): T [M, r]; L [N, r] when lowTrans (default), else [r, N]. */
  lowT?: GpuTensor;
  lowL?: GpuTensor;
  lowTrans?: boolean;
  s?: number;
  label?: string;
  /** GELU epilogue: also write gelu(C) here (same shape as C). */
  geluOut?: GpuTensor;
}

/** C = alpha · op(A) op(B) (+ bias) (+ s · T op(L)) (+ C): the kernel behind every linear layer. */
export function gemm(h: KernelHost, a: GpuTensor, b: GpuTensor, o: GemmOptions): GpuTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul needs 2-D tensors, got [${a.shape}] and [${b.shape}]`);
  const [M, K] = o.transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [Kb, N] = o.transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (K !== Kb) throw new Error(`matmul '${a.label}'×'${b.label}': inner sizes ${K} ≠ ${Kb}`);
  if (o.bias && o.bias.size !== N) throw new Error(`matmul bias '${o.bias.label}' has ${o.bias.size} values, need ${N}`);
  let R = 0;
  if (o.lowT && o.lowL) {
    R = o.lowT.shape[1];
    if (o.lowT.shape[0] !== M) throw new Error(`low-rank '${o.lowT.label}' has ${o.lowT.shape[0]} rows, need ${M}`);
    const [ln, lr] = (o.lowTrans ?? true) ? [o.lowL.shape[0], o.lowL.shape[1]] : [o.lowL.shape[1], o.lowL.shape[0]];
    if (ln !== N || lr !== R) throw new Error(`low-rank factor '${o.lowL.label}' [${o.lowL.shape}] does not fit N=${N}, r=${R}`);
  }
  const out = o.out ?? h.alloc([M, N], o.label ?? `matmul(${a.label},${b.label})`);
  if (o.geluOut && o.geluOut.size !== M * N) throw new Error(`matmul GELU output '${o.geluOut.label}' is [${o.geluOut.shape}], need [${M},${N}]`);
  if (o.out && out.size !== M * N) throw new Error(`matmul out '${out.label}' is [${out.shape}], need [${M},${N}]`);
  const tiles: [number, number, number] = [Math.ceil(N / 32), Math.ceil(M / 32), 1];
  if (tiles[0] > h.maxPerDim || tiles[1] > h.maxPerDim) {
    throw limitExceeded('maxComputeWorkgroupsPerDimension', Math.max(tiles[0], tiles[1]), h.maxPerDim, `matmul [${M}×${K}]·[${K}×${N}]`);
  }
  // vec4 staging when no contiguously read row of A or B has a length that is not a multiple of 4.
  const vec4 = (o.transA ? M % 4 === 0 : K % 4 === 0) && (o.transB ? K % 4 === 0 : N % 4 === 0);
  h.run(KERNELS.matmul, {
    entry: vec4 ? 'main_vec4' : 'main',
    uniforms: { M, N, K, R, alpha: o.alpha ?? 1, s: o.s ?? 0 },
    bindings: { a: a.buffer, b: b.buffer, bias: o.bias?.buffer, lr_t: o.lowT?.buffer, lr_l: o.lowL?.buffer, c: out.buffer, act: o.geluOut?.buffer },
    workgroups: M === 0 || N === 0 ? [0, 1, 1] : tiles,
    label: out.label,
    constants: {
      TRANS_A: !!o.transA,
      TRANS_B: !!o.transB,
      HAS_BIAS: !!o.bias,
      ACCUMULATE: !!o.accumulate,
      LOWRANK: R > 0,
      LR_TRANS: o.lowTrans ?? true,
      GELU_OUT: !!o.geluOut,
    },
  });
  return out;
}

/** out (+)= column sums of x [rows, cols]. */
export function colsum(h: KernelHost, x: GpuTensor, out: GpuTensor, accumulate: boolean): void {
  const rows = x.shape[0],
    cols = x.size / rows;
  if (out.size !== cols) throw new Error(`column sum of '${x.label}' needs ${cols} outputs, '${out.label}' has ${out.size}`);
  h.run(KERNELS.colsum, {
    entry: 'main',
    uniforms: { rows, cols },
    bindings: { x: x.buffer, out: out.buffer },
    threads: cols,
    label: out.label,
    constants: { ACCUMULATE: accumulate },
  });
}

/** add: out = a + b; scale: out = alpha · a; add_in_place: out += alpha · a. */
export function elementwise(h: KernelHost, entry: 'add' | 'scale' | 'add_in_place', a: GpuTensor, b: GpuTensor | null, out: GpuTensor, alpha: number): void {
  if (a.size !== out.size || (b && b.size !== out.size)) throw new Error(`${entry} '${a.label}'${b ? ` and '${b.label}'` : ''} → '${out.label}': sizes differ`);
  h.run(KERNELS.elementwise, {
    entry,
    uniforms: { n: out.size, alpha },
    bindings: { a: a.buffer, b: b?.buffer, out: out.buffer },
    threads: out.size,
    label: out.label,
  });
}
