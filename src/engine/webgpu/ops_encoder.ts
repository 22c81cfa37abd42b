// Encoder ops other than attention: embeddings, LayerNorm, GELU, tanh, dropout, [CLS] rows.
import type { DropoutSpec } from '../backend';
import type { GpuTensor } from './gpu_tensor';
import { f, type KernelHost, u } from './kernel_host';
import { type Kernel, KERNELS } from './kernels';

/** Dropout decision threshold: keep element i iff its 24-bit uniform integer ≥ this (≡ uniform ≥ p). */
export function dropoutKeepFrom(p: number): number {
  return Math.min(2 ** 24, Math.max(0, Math.ceil(p * 2 ** 24)));
}

export function embeddings(h: KernelHost, ids: GpuTensor, typeIds: GpuTensor, seqLen: number, word: GpuTensor, pos: GpuTensor, type: GpuTensor): GpuTensor {
  const N = ids.size,
    D = word.shape[1];
  if (pos.shape[1] !== D || type.shape[1] !== D) throw new Error('embeddings: tables must share the hidden size');
  if (seqLen > pos.shape[0]) throw new Error(`embeddings: sequence length ${seqLen} exceeds ${pos.shape[0]} positions`);
  const out = h.alloc([N, D], 'embeddings');
  h.run(
    KERNELS.embeddings,
    'main',
    [u(N), u(D), u(seqLen), u(word.shape[0]), u(pos.shape[0]), u(type.shape[0])],
    [ids.buffer, typeIds.buffer, word.buffer, pos.buffer, type.buffer, out.buffer],
    h.threads(N * D, 'embeddings'),
    'embeddings',
    h.wg(),
  );
  return out;
}

/** Deterministic scatter-add (see embeddings_backward.wgsl): chains of equal ids, walked in order. */
export function embeddingsBackward(
  h: KernelHost,
  dOut: GpuTensor,
  ids: GpuTensor,
  typeIds: GpuTensor,
  seqLen: number,
  dWord: GpuTensor | null,
  dPos: GpuTensor | null,
  dType: GpuTensor | null,
): void {
  const N = ids.size,
    D = dOut.shape[1];
  const k = KERNELS.embeddingsBackward;
  const scatterRows = (idx: GpuTensor, table: GpuTensor) => {
    const links = h.alloc([2 * N], `links(${table.label})`, 'u32');
    const uni = [u(N), u(D), u(seqLen), u(table.shape[0])];
    const bufs = [idx.buffer, dOut.buffer, links.buffer, table.buffer];
    h.run(k, 'chain', uni, bufs, h.threads(N, 'embeddings chain'), `chain(${table.label})`, h.wg());
    h.run(k, 'scatter', uni, bufs, h.threads(N * D, 'embeddings scatter'), `scatter(${table.label})`, h.wg());
    h.release(links);
  };
  if (dWord) scatterRows(ids, dWord);
  if (dType) scatterRows(typeIds, dType);
  if (dPos) {
    const unused = h.alloc([1], 'links(pos)', 'u32');
    h.run(
      k,
      'scatter_pos',
      [u(N), u(D), u(seqLen), u(dPos.shape[0])],
      [ids.buffer, dOut.buffer, unused.buffer, dPos.buffer],
      h.threads(seqLen * D, 'embeddings pos'),
      `scatter(${dPos.label})`,
      h.wg(),
    );
    h.release(unused);
  }
}

export function layerNorm(h: KernelHost, x: GpuTensor, gamma: GpuTensor, beta: GpuTensor, eps: number) {
  const rows = x.shape[0],
    D = x.size / rows;
  const y = h.alloc(x.shape, `ln(${gamma.label})`);
  const mean = h.alloc([rows], 'ln.mean');
  const rstd = h.alloc([rows], 'ln.rstd');
  h.run(
    KERNELS.layernorm,
    'main',
    [u(rows), u(D), f(eps)],
    [x.buffer, h.dummy, gamma.buffer, beta.buffer, h.dummyOut, y.buffer, mean.buffer, rstd.buffer],
    h.rows(rows, 'layerNorm'),
    y.label,
    h.wg(),
  );
  return { y, mean, rstd };
}

export function addLayerNorm(h: KernelHost, a: GpuTensor, b: GpuTensor, gamma: GpuTensor, beta: GpuTensor, eps: number) {
  if (a.size !== b.size) throw new Error(`addLayerNorm "${a.label}" + "${b.label}": sizes differ (${a.size} vs ${b.size})`);
  const rows = a.shape[0],
    D = a.size / rows;
  const sum = h.alloc(a.shape, `add(${a.label})`);
  const y = h.alloc(a.shape, `ln(${gamma.label})`);
  const mean = h.alloc([rows], 'ln.mean');
  const rstd = h.alloc([rows], 'ln.rstd');
  h.run(
    KERNELS.layernorm,
    'main',
    [u(rows), u(D), f(eps)],
    [a.buffer, b.buffer, gamma.buffer, beta.buffer, sum.buffer, y.buffer, mean.buffer, rstd.buffer],
    h.rows(rows, 'addLayerNorm'),
    y.label,
    h.wg({ RESIDUAL: true }),
  );
  return { sum, y, mean, rstd };
}

export function layerNormBackward(h: KernelHost, dy: GpuTensor, x: GpuTensor, mean: GpuTensor, rstd: GpuTensor, gamma: GpuTensor) {
  const rows = x.shape[0],
    D = x.size / rows;
  const dx = h.alloc(x.shape, `dln(${gamma.label})`);
  const dGamma = h.alloc([D], `d(${gamma.label})`);
  const dBeta = h.alloc([D], `dbeta(${gamma.label})`);
  const bufs = [dy.buffer, x.buffer, mean.buffer, rstd.buffer, gamma.buffer, dx.buffer, dGamma.buffer, dBeta.buffer];
  h.run(KERNELS.layernormBackward, 'dx_main', [u(rows), u(D)], bufs, h.rows(rows, 'layerNormBackward'), dx.label, h.wg());
  h.run(KERNELS.layernormBackward, 'dparams_main', [u(rows), u(D)], bufs, h.threads(D, 'layerNormBackward params'), dGamma.label, h.wg());
  return { dx, dGamma, dBeta };
}

/** Element-wise kernels with bindings (x, dy, out): gelu/tanh forward and backward. */
export function unary(h: KernelHost, kernel: Kernel, entry: 'forward' | 'backward', x: GpuTensor, dy: GpuTensor | null, label: string): GpuTensor {
  if (dy && dy.size !== x.size) throw new Error(`${label}: sizes differ`);
  const out = h.alloc(x.shape, label);
  h.run(kernel, entry, [u(x.size)], [x.buffer, dy?.buffer ?? h.dummy, out.buffer], h.threads(x.size, label), label, h.wg());
  return out;
}

/** Inverted dropout; the backward is the same map applied to dy. */
export function dropout(h: KernelHost, x: GpuTensor, spec: DropoutSpec, label: string): GpuTensor {
  const out = h.alloc(x.shape, label);
  const scale = spec.p >= 1 ? 0 : 1 / (1 - spec.p);
  h.run(
    KERNELS.dropout,
    'main',
    [u(x.size), u(spec.seed), u(spec.stream), u(dropoutKeepFrom(spec.p)), f(scale)],
    [x.buffer, h.dummy, out.buffer],
    h.threads(x.size, label),
    label,
    h.wg(),
  );
  return out;
}

export function gatherCls(h: KernelHost, x: GpuTensor, batch: number, seqLen: number): GpuTensor {
  const D = x.size / (batch * seqLen);
  const out = h.alloc([batch, D], `cls(${x.label})`);
  h.run(KERNELS.cls, 'gather', [u(batch), u(seqLen), u(D)], [x.buffer, out.buffer], h.threads(batch * D, 'gatherCls'), out.label, h.wg());
  return out;
}

export function scatterCls(h: KernelHost, dCls: GpuTensor, batch: number, seqLen: number): GpuTensor {
  const D = dCls.size / batch;
  const out = h.alloc([batch * seqLen, D], `dcls(${dCls.label})`);
  h.run(KERNELS.cls, 'scatter', [u(batch), u(seqLen), u(D)], [dCls.buffer, out.buffer], h.threads(batch * seqLen * D, 'scatterCls'), out.label, h.wg());
  return out;
}
