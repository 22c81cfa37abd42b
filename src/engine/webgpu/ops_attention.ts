// Multi-head self-attention with a padding mask, forward and backward (see attention.wgsl).
import type { DropoutSpec } from '../backend';
import type { EntryOf, UniformsOf } from '../../gpu/kernel_declaration';
import type { GpuTensor } from './gpu_tensor';
import type { KernelHost } from './kernel_host';
import { KERNELS } from './kernels';
import { dropout as dropoutOp } from './ops_encoder';

/** Row softmax of x viewed as [rows, cols] into out (one workgroup per row). */
export function softmaxRows(h: KernelHost, x: GpuTensor, rows: number, cols: number, out: GpuTensor): void {
  h.run(KERNELS.softmax, {
    entry: 'main',
    uniforms: { rows, cols },
    bindings: { x: x.buffer, y: out.buffer },
    workgroups: h.rows(rows, 'softmax'),
    label: out.label,
  });
}

function dims(q: GpuTensor, batch: number, seqLen: number, heads: number) {
  const width = q.shape[1];
  if (q.shape[0] !== batch * seqLen || width % heads !== 0)
    throw new Error(`attention: q is [${q.shape}], expected [${batch * seqLen}, heads·headDim] with heads=${heads}`);
  const Dh = width / heads;
  const uni: AttentionUniforms = { B: batch, L: seqLen, H: heads, Dh, scale: 1 / Math.sqrt(Dh) };
  return { uni, scores: batch * heads * seqLen * seqLen, rowsOfScores: batch * heads * seqLen, ctx: batch * seqLen * width };
}

type AttentionUniforms = UniformsOf<typeof KERNELS.attention>;

/** One attention pass: bindings (in0, in1, in2, out) mean what attention.wgsl says for that entry. */
function step(
  h: KernelHost,
  entry: EntryOf<typeof KERNELS.attention>,
  uni: AttentionUniforms,
  in0: GpuTensor,
  in1: GpuTensor,
  in2: GpuTensor | null,
  out: GpuTensor,
  threads: number,
): void {
  h.run(KERNELS.attention, {
    entry,
    uniforms: uni,
    bindings: { in0: in0.buffer, in1: in1.buffer, in2: in2?.buffer, out: out.buffer },
    threads,
    label: out.label,
  });
}

export function attention(
  h: KernelHost,
  q: GpuTensor,
  k: GpuTensor,
  v: GpuTensor,
  mask: GpuTensor,
  batch: number,
  seqLen: number,
  heads: number,
  drop?: DropoutSpec,
) {
  const d = dims(q, batch, seqLen, heads);
  const shape = [batch, heads, seqLen, seqLen];
  const scores = h.alloc(shape, 'attn.scores');
  step(h, 'scores', d.uni, q, k, mask, scores, d.scores);
  const probsPreDropout = h.alloc(shape, 'attn.probsPre');
  softmaxRows(h, scores, d.rowsOfScores, seqLen, probsPreDropout);
  h.release(scores);
  let probs: GpuTensor;
  if (drop && drop.p > 0) probs = dropoutOp(h, probsPreDropout, drop, 'attn.probs');
  else {
    probs = h.alloc(shape, 'attn.probs'); // a separate tensor: the caller releases both
    h.recorder.copy(probsPreDropout.buffer, probs.buffer, probsPreDropout.byteLength);
  }
  const ctx = h.alloc([batch * seqLen, q.shape[1]], 'attn.ctx');
  step(h, 'context', d.uni, probs, v, null, ctx, d.ctx);
  return { ctx, probs, probsPreDropout };
}

export function attentionBackward(
  h: KernelHost,
  dCtx: GpuTensor,
  q: GpuTensor,
  k: GpuTensor,
  v: GpuTensor,
  probs: GpuTensor,
  probsPreDropout: GpuTensor,
  batch: number,
  seqLen: number,
  heads: number,
  drop?: DropoutSpec,
) {
  const d = dims(q, batch, seqLen, heads);
  const shape = [batch, heads, seqLen, seqLen];
  const dv = h.alloc(v.shape, 'attn.dv');
  step(h, 'dv', d.uni, probs, dCtx, null, dv, d.ctx);
  let dP = h.alloc(shape, 'attn.dprobs');
  step(h, 'dprobs', d.uni, dCtx, v, null, dP, d.scores);
  if (drop && drop.p > 0) {
    const pre = dropoutOp(h, dP, drop, 'attn.dprobsPre');
    h.release(dP);
    dP = pre;
  }
  const dS = h.alloc(shape, 'attn.dscores');
  step(h, 'dscores', d.uni, probsPreDropout, dP, null, dS, d.rowsOfScores);
  h.release(dP);
  const dq = h.alloc(q.shape, 'attn.dq');
  step(h, 'dq', d.uni, dS, k, null, dq, d.ctx);
  const dk = h.alloc(k.shape, 'attn.dk');
  step(h, 'dk', d.uni, dS, q, null, dk, d.ctx);
  h.release(dS);
  return { dq, dk, dv };
}
