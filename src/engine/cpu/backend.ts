// CpuBackend: the Backend contract in plain TypeScript, wrapping the exported CPU twins.
// Every op is synchronous; read() resolves immediately with a copy.
import type { AdamWHyper, Backend, DropoutSpec, DType, GroupedMatmulOptions, HostArray, Tensor } from '../backend';
import { groupedMatmulDims } from '../grouped_shape';
import { gatherClsCpu, scatterClsCpu } from './cls';
import { addCpu, addInPlaceCpu, reluBackwardCpu, reluCpu, scaleCpu, tanhBackwardCpu, tanhCpu } from './elementwise';
import { embeddingsBackwardCpu, embeddingsCpu } from './embeddings';
import { repeatRowsCpu } from './grouped';
import { TYPESCRIPT_KERNELS, type CpuKernelSet } from './kernel_set';
import { softmaxCpu, softmaxCrossEntropyCpu } from './softmax_ce';
import { arrayFor, CpuTensor, dtypeOf } from './tensor';

function ct(t: Tensor): CpuTensor {
  if (!(t instanceof CpuTensor)) throw new Error(`tensor "${t.label}" does not belong to the CPU backend`);
  if (t.released) throw new Error(`tensor "${t.label}" was used after release`);
  return t;
}
function f32(t: Tensor): Float32Array {
  const c = ct(t);
  if (!(c.data instanceof Float32Array)) throw new Error(`tensor "${t.label}" must be f32, is ${t.dtype}`);
  return c.data;
}
function i32(t: Tensor): Int32Array {
  const c = ct(t);
  if (!(c.data instanceof Int32Array)) throw new Error(`tensor "${t.label}" must be i32, is ${t.dtype}`);
  return c.data;
}
function dims2(t: Tensor): [number, number] {
  if (t.shape.length !== 2) throw new Error(`tensor "${t.label}" must be 2-D, has shape [${t.shape.join(', ')}]`);
  return [t.shape[0], t.shape[1]];
}
function wrap(data: Float32Array, shape: readonly number[], label: string): CpuTensor {
  return new CpuTensor([...shape], 'f32', data, label);
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;

  /** The kernels default to the TypeScript twins; the WebAssembly SIMD set runs the same ops faster. */
  constructor(readonly kernels: CpuKernelSet = TYPESCRIPT_KERNELS) {}

  /** Arrays held by two tensors at once (attention probabilities without dropout): never recycled. */
  private readonly aliased = new WeakSet<HostArray>();

  upload(data: HostArray, shape: readonly number[], label: string): Tensor {
    return new CpuTensor([...shape], dtypeOf(data), data.slice(), label);
  }
  zeros(shape: readonly number[], label: string, dtype: DType = 'f32'): Tensor {
    return new CpuTensor(
      [...shape],
      dtype,
      arrayFor(
        dtype,
        shape.reduce((a, b) => a * b, 1),
      ),
      label,
    );
  }
  write(t: Tensor, data: HostArray): void {
    const c = ct(t);
    if (data.length !== c.size) throw new Error(`write "${t.label}": got ${data.length} elements, tensor has ${c.size}`);
    c.data.set(data);
  }
  copy(src: Tensor, dst: Tensor): void {
    const s = ct(src),
      d = ct(dst);
    if (s.size !== d.size) throw new Error(`copy "${src.label}" → "${dst.label}": sizes differ (${s.size} vs ${d.size})`);
    d.data.set(s.data);
  }
  read(t: Tensor): Promise<HostArray> {
    return Promise.resolve(ct(t).data.slice());
  }
  /** Synchronous read (CPU only): a view, not a copy. */
  view(t: Tensor): HostArray {
    return ct(t).data;
  }
  release(t: Tensor): void {
    const c = ct(t);
    c.released = true;
    if (c.data instanceof Float32Array && !this.aliased.has(c.data)) this.kernels.recycle?.(c.data);
  }
  flush(): void {
    /* nothing is deferred on the CPU */
  }
  destroy(): void {
    this.kernels.destroy?.(); /* tensors are garbage collected */
  }

  matmul(a: Tensor, b: Tensor, opts: { transA?: boolean; transB?: boolean; bias?: Tensor; alpha?: number; out?: Tensor; accumulate?: boolean } = {}): Tensor {
    const [ar, ac] = dims2(a),
      [br, bc] = dims2(b);
    const [M, K] = opts.transA ? [ac, ar] : [ar, ac];
    const [K2, N] = opts.transB ? [bc, br] : [br, bc];
    if (K !== K2) throw new Error(`matmul "${a.label}"·"${b.label}": inner dimensions differ (${K} vs ${K2})`);
    const out = opts.out ? f32(opts.out) : undefined;
    if (opts.out && opts.out.size !== M * N) throw new Error(`matmul: out "${opts.out.label}" has ${opts.out.size} elements, need ${M * N}`);
    const y = this.kernels.matmul(f32(a), f32(b), M, K, N, {
      transA: opts.transA,
      transB: opts.transB,
      alpha: opts.alpha,
      bias: opts.bias ? f32(opts.bias) : null,
      out,
      accumulate: opts.accumulate,
    });
    return opts.out ?? wrap(y, [M, N], `matmul(${a.label},${b.label})`);
  }
  linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    const [N, inF] = dims2(x),
      [outF, inW] = dims2(w);
    if (inF !== inW) throw new Error(`linear "${w.label}": input has ${inF} features, weight expects ${inW}`);
    return wrap(this.kernels.matmul(f32(x), f32(w), N, inF, outF, { transB: true, bias: b ? f32(b) : null }), [N, outF], `linear(${w.label})`);
  }
  linearGelu(x: Tensor, w: Tensor, b: Tensor | null): { pre: Tensor; y: Tensor } {
    const pre = this.linear(x, w, b);
    return { pre, y: this.gelu(pre) };
  }
  linearBackwardInput(dy: Tensor, w: Tensor): Tensor {
    const [N, outF] = dims2(dy),
      [, inF] = dims2(w);
    return wrap(this.kernels.matmul(f32(dy), f32(w), N, outF, inF), [N, inF], `dx(${w.label})`);
  }
  linearBackwardParams(dy: Tensor, x: Tensor, dW: Tensor, db: Tensor | null, accumulate: boolean): void {
    const [N, outF] = dims2(dy),
      [, inF] = dims2(x);
    this.kernels.linearBackwardParams(f32(dy), f32(x), N, inF, outF, f32(dW), db ? f32(db) : null, accumulate);
  }
  add(a: Tensor, b: Tensor): Tensor {
    return wrap(addCpu(f32(a), f32(b)), a.shape, `add(${a.label})`);
  }
  addInPlace(a: Tensor, b: Tensor, alpha = 1): void {
    addInPlaceCpu(f32(a), f32(b), alpha);
  }
  scale(a: Tensor, alpha: number): Tensor {
    return wrap(scaleCpu(f32(a), alpha), a.shape, `scale(${a.label})`);
  }

  loraXsForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, r: Tensor, s: number): { y: Tensor; u: Tensor } {
    const [N, inF] = dims2(x),
      [outF] = dims2(w),
      [rk] = dims2(a);
    const o = this.kernels.loraXsForward(f32(x), f32(w), b ? f32(b) : null, f32(a), f32(bMat), f32(r), s, { N, inF, outF, r: rk });
    return { y: wrap(o.y, [N, outF], `loraxs(${w.label})`), u: wrap(o.u, [N, rk], `u(${w.label})`) };
  }
  loraXsBackward(dy: Tensor, u: Tensor, w: Tensor, a: Tensor, bMat: Tensor, r: Tensor, s: number, needDx: boolean): { dx: Tensor | null; dR: Tensor } {
    const [N, outF] = dims2(dy),
      [, inF] = dims2(w),
      [rk] = dims2(a);
    const o = this.kernels.loraXsBackward(f32(dy), f32(u), f32(w), f32(a), f32(bMat), f32(r), s, { N, inF, outF, r: rk }, needDx);
    return { dx: o.dx ? wrap(o.dx, [N, inF], `dx(${w.label})`) : null, dR: wrap(o.dR, [rk, rk], `dR(${w.label})`) };
  }
  loraForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, s: number): { y: Tensor; u: Tensor } {
    const [N, inF] = dims2(x),
      [outF] = dims2(w),
      [rk] = dims2(a);
    const o = this.kernels.loraForward(f32(x), f32(w), b ? f32(b) : null, f32(a), f32(bMat), s, { N, inF, outF, r: rk });
    return { y: wrap(o.y, [N, outF], `lora(${w.label})`), u: wrap(o.u, [N, rk], `u(${w.label})`) };
  }
  loraBackward(
    dy: Tensor,
    x: Tensor,
    u: Tensor,
    w: Tensor,
    a: Tensor,
    bMat: Tensor,
    s: number,
    needDx: boolean,
  ): { dx: Tensor | null; dA: Tensor; dB: Tensor } {
    const [N, outF] = dims2(dy),
      [, inF] = dims2(w),
      [rk] = dims2(a);
    const o = this.kernels.loraBackward(f32(dy), f32(x), f32(u), f32(w), f32(a), f32(bMat), s, { N, inF, outF, r: rk }, needDx);
    return {
      dx: o.dx ? wrap(o.dx, [N, inF], `dx(${w.label})`) : null,
      dA: wrap(o.dA, [rk, inF], `dA(${w.label})`),
      dB: wrap(o.dB, [outF, rk], `dB(${w.label})`),
    };
  }

  groupedMatmul(x: Tensor, w: Tensor, opts: GroupedMatmulOptions): Tensor {
    const d = groupedMatmulDims(x, w, opts);
    const y = this.kernels.groupedMatmul(f32(x), f32(w), d, {
      alpha: opts.alpha,
      base: opts.base ? f32(opts.base) : null,
      out: opts.out ? f32(opts.out) : undefined,
      accumulate: opts.accumulate,
    });
    return opts.out ?? wrap(y, [d.G * d.n, d.J], `grouped(${x.label},${w.label})`);
  }
  repeatRows(x: Tensor, times: number): Tensor {
    const [rows, D] = dims2(x);
    if (!Number.isInteger(times) || times < 1) throw new Error(`repeatRows "${x.label}": times must be a positive integer, got ${times}`);
    return wrap(repeatRowsCpu(f32(x), times), [times * rows, D], `repeat(${x.label})`);
  }

  embeddings(ids: Tensor, typeIds: Tensor, seqLen: number, word: Tensor, pos: Tensor, type: Tensor): Tensor {
    const [, H] = dims2(word);
    return wrap(embeddingsCpu(i32(ids), i32(typeIds), seqLen, f32(word), f32(pos), f32(type), H), [ids.size, H], 'embeddings');
  }
  embeddingsBackward(dOut: Tensor, ids: Tensor, typeIds: Tensor, seqLen: number, dWord: Tensor | null, dPos: Tensor | null, dType: Tensor | null): void {
    const [, H] = dims2(dOut);
    embeddingsBackwardCpu(f32(dOut), i32(ids), i32(typeIds), seqLen, H, dWord ? f32(dWord) : null, dPos ? f32(dPos) : null, dType ? f32(dType) : null);
  }
  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): { y: Tensor; mean: Tensor; rstd: Tensor } {
    const [R, C] = dims2(x);
    const o = this.kernels.layerNorm(f32(x), f32(gamma), f32(beta), R, C, eps);
    return { y: wrap(o.y, [R, C], `ln(${gamma.label})`), mean: wrap(o.mean, [R], 'ln.mean'), rstd: wrap(o.rstd, [R], 'ln.rstd') };
  }
  layerNormBackward(dy: Tensor, x: Tensor, mean: Tensor, rstd: Tensor, gamma: Tensor): { dx: Tensor; dGamma: Tensor; dBeta: Tensor } {
    const [R, C] = dims2(x);
    const o = this.kernels.layerNormBackward(f32(dy), f32(x), f32(mean), f32(rstd), f32(gamma), R, C);
    return { dx: wrap(o.dx, [R, C], 'ln.dx'), dGamma: wrap(o.dGamma, [C], 'ln.dGamma'), dBeta: wrap(o.dBeta, [C], 'ln.dBeta') };
  }
  addLayerNorm(a: Tensor, b: Tensor, gamma: Tensor, beta: Tensor, eps: number): { sum: Tensor; y: Tensor; mean: Tensor; rstd: Tensor } {
    const sum = this.add(a, b);
    return { sum, ...this.layerNorm(sum, gamma, beta, eps) };
  }
  gelu(x: Tensor): Tensor {
    return wrap(this.kernels.gelu(f32(x)), x.shape, `gelu(${x.label})`);
  }
  geluBackward(dy: Tensor, x: Tensor): Tensor {
    return wrap(this.kernels.geluBackward(f32(dy), f32(x)), x.shape, 'gelu.dx');
  }
  tanh(x: Tensor): Tensor {
    return wrap(tanhCpu(f32(x)), x.shape, `tanh(${x.label})`);
  }
  tanhBackward(dy: Tensor, y: Tensor): Tensor {
    return wrap(tanhBackwardCpu(f32(dy), f32(y)), y.shape, 'tanh.dx');
  }
  relu(x: Tensor): Tensor {
    return wrap(reluCpu(f32(x)), x.shape, `relu(${x.label})`);
  }
  reluBackward(dy: Tensor, y: Tensor): Tensor {
    return wrap(reluBackwardCpu(f32(dy), f32(y)), y.shape, 'relu.dx');
  }
  attention(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    mask: Tensor,
    batch: number,
    seqLen: number,
    heads: number,
    dropout?: DropoutSpec,
  ): { ctx: Tensor; probs: Tensor; probsPreDropout: Tensor } {
    const [N, D] = dims2(q);
    const o = this.kernels.attention(f32(q), f32(k), f32(v), f32(mask), { batch, seqLen, heads, headDim: D / heads }, dropout);
    const ps = [batch, heads, seqLen, seqLen];
    if (o.probs === o.probsPreDropout) this.aliased.add(o.probs);
    return {
      ctx: wrap(o.ctx, [N, D], 'attn.ctx'),
      probs: wrap(o.probs, ps, 'attn.probs'),
      probsPreDropout: o.probs === o.probsPreDropout ? wrap(o.probsPreDropout, ps, 'attn.probs') : wrap(o.probsPreDropout, ps, 'attn.probsPre'),
    };
  }
  attentionBackward(
    dCtx: Tensor,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    probs: Tensor,
    probsPreDropout: Tensor,
    batch: number,
    seqLen: number,
    heads: number,
    dropout?: DropoutSpec,
  ): { dq: Tensor; dk: Tensor; dv: Tensor } {
    const [N, D] = dims2(q);
    const o = this.kernels.attentionBackward(
      f32(dCtx),
      f32(q),
      f32(k),
      f32(v),
      f32(probs),
      f32(probsPreDropout),
      { batch, seqLen, heads, headDim: D / heads },
      dropout,
    );
    return { dq: wrap(o.dq, [N, D], 'attn.dq'), dk: wrap(o.dk, [N, D], 'attn.dk'), dv: wrap(o.dv, [N, D], 'attn.dv') };
  }
  dropout(x: Tensor, spec: DropoutSpec): Tensor {
    return wrap(this.kernels.dropout(f32(x), spec), x.shape, `dropout(${x.label})`);
  }
  dropoutBackward(dy: Tensor, spec: DropoutSpec): Tensor {
    return wrap(this.kernels.dropoutBackward(f32(dy), spec), dy.shape, 'dropout.dx');
  }
  gatherCls(x: Tensor, batch: number, seqLen: number): Tensor {
    const [, D] = dims2(x);
    return wrap(gatherClsCpu(f32(x), batch, seqLen, D), [batch, D], 'cls');
  }
  scatterCls(dCls: Tensor, batch: number, seqLen: number): Tensor {
    const [, D] = dims2(dCls);
    return wrap(scatterClsCpu(f32(dCls), batch, seqLen, D), [batch * seqLen, D], 'cls.dx');
  }
  softmax(logits: Tensor): Tensor {
    const [R, C] = dims2(logits);
    return wrap(softmaxCpu(f32(logits), R, C), [R, C], 'softmax');
  }
  softmaxCrossEntropy(logits: Tensor, labels: Tensor): { loss: Tensor; dLogits: Tensor } {
    const [R, C] = dims2(logits);
    const o = softmaxCrossEntropyCpu(f32(logits), i32(labels), R, C);
    return { loss: wrap(Float32Array.of(o.loss), [1], 'loss'), dLogits: wrap(o.dLogits, [R, C], 'dLogits') };
  }
  adamw(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, h: AdamWHyper): void {
    this.kernels.adamw(f32(param), f32(grad), f32(m), f32(v), h);
  }
}
