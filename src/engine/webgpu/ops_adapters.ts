// LoRA-XS and LoRA linear layers on the fused matmul: the adapter branch is the kernel's
// low-rank epilogue, so y = x Wᵀ + b + s · t Bᵀ is one dispatch after the rank-r products.
import type { GpuTensor } from './gpu_tensor';
import type { KernelHost } from './kernel_host';
import { gemm } from './ops_dense';

/** y = x Wᵀ + b + s · ((x Aᵀ) Rᵀ) Bᵀ; returns u = x Aᵀ for the backward. */
export function loraXsForward(h: KernelHost, x: GpuTensor, w: GpuTensor, b: GpuTensor | null, a: GpuTensor, bMat: GpuTensor, r: GpuTensor, s: number) {
  const u = gemm(h, x, a, { transB: true, label: `u(${a.label})` });
  const t = gemm(h, u, r, { transB: true, label: `uRt(${r.label})` });
  const y = gemm(h, x, w, { transB: true, bias: b, lowT: t, lowL: bMat, lowTrans: true, s, label: `loraxs(${w.label})` });
  h.release(t);
  return { y, u };
}

/** g = dy B; dR = s · gᵀ u; dx = dy W + s · (g R) A (fused). */
export function loraXsBackward(
  h: KernelHost,
  dy: GpuTensor,
  u: GpuTensor,
  w: GpuTensor,
  a: GpuTensor,
  bMat: GpuTensor,
  r: GpuTensor,
  s: number,
  needDx: boolean,
) {
  const g = gemm(h, dy, bMat, { label: `dyB(${bMat.label})` });
  const dR = gemm(h, g, u, { transA: true, alpha: s, label: `dR(${r.label})` });
  let dx: GpuTensor | null = null;
  if (needDx) {
    const gr = gemm(h, g, r, { label: `dyBR(${r.label})` });
    dx = gemm(h, dy, w, { lowT: gr, lowL: a, lowTrans: false, s, label: `dx(${w.label})` });
    h.release(gr);
  }
  h.release(g);
  return { dx, dR };
}

/** y = x Wᵀ + b + s · (x Aᵀ) Bᵀ; returns u = x Aᵀ. */
export function loraForward(h: KernelHost, x: GpuTensor, w: GpuTensor, b: GpuTensor | null, a: GpuTensor, bMat: GpuTensor, s: number) {
  const u = gemm(h, x, a, { transB: true, label: `u(${a.label})` });
  const y = gemm(h, x, w, { transB: true, bias: b, lowT: u, lowL: bMat, lowTrans: true, s, label: `lora(${w.label})` });
  return { y, u };
}

/** g = dy B; dB = s · dyᵀ u; dA = s · gᵀ x; dx = dy W + s · g A (fused). */
export function loraBackward(
  h: KernelHost,
  dy: GpuTensor,
  x: GpuTensor,
  u: GpuTensor,
  w: GpuTensor,
  a: GpuTensor,
  bMat: GpuTensor,
  s: number,
  needDx: boolean,
) {
  const g = gemm(h, dy, bMat, { label: `dyB(${bMat.label})` });
  const dB = gemm(h, dy, u, { transA: true, alpha: s, label: `dB(${bMat.label})` });
  const dA = gemm(h, g, x, { transA: true, alpha: s, label: `dA(${a.label})` });
  const dx = needDx ? gemm(h, dy, w, { lowT: g, lowL: a, lowTrans: false, s, label: `dx(${w.label})` }) : null;
  h.release(g);
  return { dx, dA, dB };
}
