// Encoder ops other than attention: embeddings, LayerNorm, GELU, tanh, ReLU, dropout, [CLS] rows.
import type { DropoutSpec } from '../backend';
import type { GpuTensor } from './gpu_tensor';
import type { KernelHost } from './kernel_host';
import { KERNELS, type UnaryKernel } from './kernels';

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
  h.run(KERNELS.embeddings, {
    entry: 'main',
    uniforms: { N, D, seqLen, vocab: word.shape[0], maxPos: pos.shape[0], types: type.shape[0] },
    bindings: { ids: ids.buffer, type_ids: typeIds.buffer, word: word.buffer, pos: pos.buffer, typ: type.buffer, out: out.buffer },
    threads: N * D,
    label: 'embeddings',
  });
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
    const uniforms = { N, D, seqLen, rowsInTable: table.shape[0] };
    const bindings = { idx: idx.buffer, src: dOut.buffer, links: links.buffer, table: table.buffer };
    h.run(k, { entry: 'chain', uniforms, bindings, threads: N, label: `chain(${table.label})` });
    h.run(k, { entry: 'scatter', uniforms, bindings, threads: N * D, label: `scatter(${table.label})` });
    h.release(links);
  };
  if (dWord) scatterRows(ids, dWord);
  if (dType) scatterRows(typeIds, dType);
  if (dPos) {
    // scatter_pos walks the rows of one position in order and needs no chain links: links stays unbound.
    h.run(k, {
      entry: 'scatter_pos',
      uniforms: { N, D, seqLen, rowsInTable: dPos.shape[0] },
      bindings: { idx: ids.buffer, src: dOut.buffer, table: dPos.buffer },
      threads: seqLen * D,
      label: `scatter(${dPos.label})`,
    });
  }
}

export function layerNorm(h: KernelHost, x: GpuTensor, gamma: GpuTensor, beta: GpuTensor, eps: number) {
  const rows = x.shape[0],
    D = x.size / rows;
  const y = h.alloc(x.shape, `ln(${gamma.label})`);
  const mean = h.alloc([rows], 'ln.mean');
  const rstd = h.alloc([rows], 'ln.rstd');
  h.run(KERNELS.layernorm, {
    entry: 'main',
    uniforms: { rows, D, eps },
    bindings: { x: x.buffer, gamma: gamma.buffer, beta: beta.buffer, y: y.buffer, mean_out: mean.buffer, rstd_out: rstd.buffer },
    workgroups: h.rows(rows, 'layerNorm'),
    label: y.label,
  });
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
  h.run(KERNELS.layernorm, {
    entry: 'main',
    uniforms: { rows, D, eps },
    bindings: { x: a.buffer, b: b.buffer, gamma: gamma.buffer, beta: beta.buffer, sum: sum.buffer, y: y.buffer, mean_out: mean.buffer, rstd_out: rstd.buffer },
    workgroups: h.rows(rows, 'addLayerNorm'),
    label: y.label,
    constants: { RESIDUAL: true },
  });
  return { sum, y, mean, rstd };
}

export function layerNormBackward(h: KernelHost, dy: GpuTensor, x: GpuTensor, mean: GpuTensor, rstd: GpuTensor, gamma: GpuTensor) {
  const rows = x.shape[0],
    D = x.size / rows;
  const dx = h.alloc(x.shape, `dln(${gamma.label})`);
  const dGamma = h.alloc([D], `d(${gamma.label})`);
  const dBeta = h.alloc([D], `dbeta(${gamma.label})`);
  const lnb = KERNELS.layernormBackward;
  const bindings = {
    dy: dy.buffer,
    x: x.buffer,
    mean: mean.buffer,
    rstd: rstd.buffer,
    gamma: gamma.buffer,
    dx: dx.buffer,
    dgamma: dGamma.buffer,
    dbeta: dBeta.buffer,
  };
  h.run(lnb, { entry: 'dx_main', uniforms: { rows, D }, bindings, workgroups: h.rows(rows, 'layerNormBackward'), label: dx.label });
  h.run(lnb, { entry: 'dparams_main', uniforms: { rows, D }, bindings, threads: D, label: dGamma.label });
  return { dx, dGamma, dBeta };
}

/** Element-wise kernels with bindings (x, dy, out): gelu/tanh/relu forward and backward. */
export function unary(h: KernelHost, kernel: UnaryKernel, entry: 'forward' | 'backward', x: GpuTensor, dy: GpuTensor | null, label: string): GpuTensor {
  if (dy && dy.size !== x.size) throw new Error(`${label}: sizes differ`);
  const out = h.alloc(x.shape, label);
  h.run(kernel, { entry, uniforms: { n: x.size }, bindings: { x: x.buffer, dy: dy?.buffer, out: out.buffer }, threads: x.size, label });
  return out;
}

/** Inverted dropout; the backward is the same map applied to dy. */
export function dropout(h: KernelHost, x: GpuTensor, spec: DropoutSpec, label: string): GpuTensor {
  const out = h.alloc(x.shape, label);
  const scale = spec.p >= 1 ? 0 : 1 / (1 - spec.p);
  h.run(KERNELS.dropout, {
    entry: 'main',
    uniforms: { n: x.size, seed: spec.seed, stream: spec.stream, keep_from: dropoutKeepFrom(spec.p), scale },
    bindings: { x: x.buffer, out: out.buffer },
    threads: x.size,
    label,
  });
  return out;
}

export function gatherCls(h: KernelHost, x: GpuTensor, batch: number, seqLen: number): GpuTensor {
  const D = x.size / (batch * seqLen);
  const out = h.alloc([batch, D], `cls(${x.label})`);
  h.run(KERNELS.cls, {
    entry: 'gather',
    uniforms: { B: batch, L: seqLen, D },
    bindings: { src: x.buffer, dst: out.buffer },
    threads: batch * D,
    label: out.label,
  });
  return out;
}

export function scatterCls(h: KernelHost, dCls: GpuTensor, batch: number, seqLen: number): GpuTensor {
  const D = dCls.size / batch;
  const out = h.alloc([batch * seqLen, D], `dcls(${dCls.label})`);
  h.run(KERNELS.cls, {
    entry: 'scatter',
    uniforms: { B: batch, L: seqLen, D },
    bindings: { src: dCls.buffer, dst: out.buffer },
    threads: batch * seqLen * D,
    label: out.label,
  });
  return out;
}
