// The WebGPU compute backend: every op records dispatches into one command encoder (see
// CommandRecorder); flush() submits; read() flushes and maps a staging buffer. The ops live in
// ops_*.ts; this class owns memory, submission and the extension points.
import type { AdamWHyper, Backend, DropoutSpec, DType, GroupedMatmulOptions, HostArray, Tensor } from '../backend';
import { groupedMatmulDims } from '../grouped_shape';
import type { BufferPool } from '../../gpu/buffer_pool';
import { createGpuContext, type GpuContext, type GpuContextOptions } from '../../gpu/device';
import { readBufferBytes } from '../../gpu/readback';
import type { CommandRecorder } from './command_recorder';
import type { Kernel, KernelCall } from '../../gpu/kernel_declaration';
import { GpuTensor } from './gpu_tensor';
import { KernelHost } from './kernel_host';
import { KERNELS } from './kernels';
import { loraBackward, loraForward, loraXsBackward, loraXsForward } from './ops_adapters';
import { attention, attentionBackward, softmaxRows } from './ops_attention';
import { colsum, elementwise, gemm } from './ops_dense';
import { groupedMatmul, repeatRows } from './ops_grouped';
import { addLayerNorm, dropout, embeddings, embeddingsBackward, gatherCls, layerNorm, layerNormBackward, scatterCls, unary } from './ops_encoder';
import { adamw, softmaxCrossEntropy } from './ops_loss';

export interface WebGpuBackendOptions {
  /** Byte cap of the buffer pool's free list. */
  poolMaxFreeBytes?: number;
  /** Time each dispatch with timestamp queries (when the device supports them). */
  profile?: boolean;
}

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  private h: KernelHost;
  private destroyed = false;

  constructor(
    readonly ctx: GpuContext,
    opts: WebGpuBackendOptions = {},
  ) {
    this.h = new KernelHost(ctx, opts);
  }

  static async create(opts: GpuContextOptions & WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
    return new WebGpuBackend(await createGpuContext(opts), opts);
  }

  get pool(): BufferPool {
    return this.h.pool;
  }

  get recorder(): CommandRecorder {
    return this.h.recorder;
  }

  // ---- memory -------------------------------------------------------------------------------

  upload(data: HostArray, shape: readonly number[], label: string): Tensor {
    const dtype: DType = data instanceof Float32Array ? 'f32' : data instanceof Int32Array ? 'i32' : 'u32';
    const t = this.h.alloc(shape, label, dtype);
    if (t.size !== data.length) throw new Error(`upload '${label}': shape [${shape}] needs ${t.size} values, got ${data.length}`);
    this.h.recorder.upload(t.buffer, data);
    return t;
  }

  zeros(shape: readonly number[], label: string, dtype: DType = 'f32'): Tensor {
    const t = this.h.alloc(shape, label, dtype);
    this.h.recorder.clear(t.buffer, t.byteLength);
    return t;
  }

  write(t: Tensor, data: HostArray): void {
    const gt = this.h.g(t);
    if (data.length !== gt.size) throw new Error(`write '${t.label}': size ${gt.size} ≠ ${data.length}`);
    this.h.recorder.upload(gt.buffer, data);
  }

  copy(src: Tensor, dst: Tensor): void {
    const s = this.h.g(src),
      d = this.h.g(dst);
    if (s.size !== d.size) throw new Error(`copy '${src.label}' → '${dst.label}': sizes differ`);
    this.h.recorder.copy(s.buffer, d.buffer, s.byteLength);
  }

  async read(t: Tensor): Promise<HostArray> {
    const gt = this.h.g(t);
    this.flush();
    await this.h.recorder.check();
    const bytes = await readBufferBytes(this.ctx, gt.buffer, 0, gt.byteLength, gt.label);
    return gt.dtype === 'f32' ? new Float32Array(bytes) : gt.dtype === 'i32' ? new Int32Array(bytes) : new Uint32Array(bytes);
  }

  release(t: Tensor): void {
    this.h.release(t);
  }

  flush(): void {
    if (this.h.recorder.flush()) this.h.pool.trim();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.h.destroy();
    this.ctx.destroy();
  }

  // ---- extension points (kernels outside this backend, e.g. the SWAG/posterior kernels) -----

  /** The storage buffer behind a tensor (may be larger than size · 4 bytes). */
  bufferOf(t: Tensor): GPUBuffer {
    return this.h.g(t).buffer;
  }

  /** A pooled tensor with undefined contents (for outputs a custom kernel fully writes). */
  empty(shape: readonly number[], label: string, dtype: DType = 'f32'): Tensor {
    return this.h.alloc(shape, label, dtype);
  }

  /** Record a kernel declared outside this backend (defineKernel) into the step's encoder; bindings are tensors by name. */
  runKernel<E extends string, U extends string, B extends string, O extends string>(kernel: Kernel<E, U, B, O>, call: KernelCall<E, U, B, O, Tensor>): void {
    const buffers: Record<string, GPUBuffer> = {};
    for (const [name, t] of Object.entries<Tensor | undefined>(call.bindings)) if (t) buffers[name] = this.h.g(t).buffer;
    this.h.run(kernel, { ...call, bindings: buffers as KernelCall<E, U, B, O, GPUBuffer>['bindings'] });
  }

  /**
   * Use a GPUBuffer made elsewhere on this device (e.g. onnxruntime-web's WebGPU EP with
   * preferredOutputLocation 'gpu-buffer') as a tensor without copying. The caller keeps ownership.
   */
  adoptBuffer(buffer: GPUBuffer, shape: readonly number[], label: string, dtype: DType = 'f32'): Tensor {
    const t = new GpuTensor(shape, dtype, label, buffer, true);
    if (buffer.size < t.byteLength) throw new Error(`adoptBuffer '${label}': buffer has ${buffer.size} bytes, shape [${shape}] needs ${t.byteLength}`);
    return t;
  }

  /** Record raw commands (own passes, copies) into the step's encoder, in program order. */
  withEncoder(record: (enc: GPUCommandEncoder) => void): void {
    this.h.recorder.external(record);
  }

  // ---- dense algebra ------------------------------------------------------------------------

  matmul(a: Tensor, b: Tensor, opts: { transA?: boolean; transB?: boolean; bias?: Tensor; alpha?: number; out?: Tensor; accumulate?: boolean } = {}): Tensor {
    const g = (t: Tensor) => this.h.g(t);
    return gemm(this.h, g(a), g(b), {
      ...opts,
      bias: opts.bias ? g(opts.bias) : null,
      out: opts.out ? g(opts.out) : undefined,
      accumulate: !!opts.accumulate && !!opts.out,
    });
  }

  linearGelu(x: Tensor, w: Tensor, b: Tensor | null): { pre: Tensor; y: Tensor } {
    const gx = this.h.g(x),
      gw = this.h.g(w);
    const y = this.h.alloc([gx.shape[0], gw.shape[0]], `gelu(linear(${w.label}))`);
    const pre = gemm(this.h, gx, gw, { transB: true, bias: b ? this.h.g(b) : null, geluOut: y, label: `linear(${w.label})` });
    return { pre, y };
  }

  linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    return gemm(this.h, this.h.g(x), this.h.g(w), { transB: true, bias: b ? this.h.g(b) : null, label: `linear(${w.label})` });
  }

  linearBackwardInput(dy: Tensor, w: Tensor): Tensor {
    return gemm(this.h, this.h.g(dy), this.h.g(w), { label: `dx(${w.label})` });
  }

  linearBackwardParams(dy: Tensor, x: Tensor, dW: Tensor, db: Tensor | null, accumulate: boolean): void {
    const gdy = this.h.g(dy);
    gemm(this.h, gdy, this.h.g(x), { transA: true, out: this.h.g(dW), accumulate });
    if (db) colsum(this.h, gdy, this.h.g(db), accumulate);
  }

  add(a: Tensor, b: Tensor): Tensor {
    const ga = this.h.g(a);
    const out = this.h.alloc(ga.shape, `add(${a.label})`);
    elementwise(this.h, 'add', ga, this.h.g(b), out, 1);
    return out;
  }

  addInPlace(a: Tensor, b: Tensor, alpha = 1): void {
    elementwise(this.h, 'add_in_place', this.h.g(b), null, this.h.g(a), alpha);
  }

  scale(a: Tensor, alpha: number): Tensor {
    const ga = this.h.g(a);
    const out = this.h.alloc(ga.shape, `scale(${a.label})`);
    elementwise(this.h, 'scale', ga, null, out, alpha);
    return out;
  }

  // ---- adapters -----------------------------------------------------------------------------

  loraXsForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, r: Tensor, s: number): { y: Tensor; u: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return loraXsForward(this.h, g(x), g(w), b ? g(b) : null, g(a), g(bMat), g(r), s);
  }

  loraXsBackward(dy: Tensor, u: Tensor, w: Tensor, a: Tensor, bMat: Tensor, r: Tensor, s: number, needDx: boolean): { dx: Tensor | null; dR: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return loraXsBackward(this.h, g(dy), g(u), g(w), g(a), g(bMat), g(r), s, needDx);
  }

  loraForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, s: number): { y: Tensor; u: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return loraForward(this.h, g(x), g(w), b ? g(b) : null, g(a), g(bMat), s);
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
    const g = (t: Tensor) => this.h.g(t);
    return loraBackward(this.h, g(dy), g(x), g(u), g(w), g(a), g(bMat), s, needDx);
  }

  // ---- grouped forward ----------------------------------------------------------------------

  groupedMatmul(x: Tensor, w: Tensor, opts: GroupedMatmulOptions): Tensor {
    const g = (t: Tensor) => this.h.g(t);
    const d = groupedMatmulDims(x, w, opts);
    return groupedMatmul(this.h, g(x), g(w), d, { ...opts, base: opts.base ? g(opts.base) : null, out: opts.out ? g(opts.out) : null });
  }

  repeatRows(x: Tensor, times: number): Tensor {
    const gx = this.h.g(x);
    if (gx.shape.length !== 2) throw new Error(`repeatRows '${x.label}' must be 2-D, has shape [${gx.shape}]`);
    if (!Number.isInteger(times) || times < 1) throw new Error(`repeatRows '${x.label}': times must be a positive integer, got ${times}`);
    return repeatRows(this.h, gx, times);
  }

  // ---- encoder ops --------------------------------------------------------------------------

  embeddings(ids: Tensor, typeIds: Tensor, seqLen: number, word: Tensor, pos: Tensor, type: Tensor): Tensor {
    const g = (t: Tensor) => this.h.g(t);
    return embeddings(this.h, g(ids), g(typeIds), seqLen, g(word), g(pos), g(type));
  }

  embeddingsBackward(dOut: Tensor, ids: Tensor, typeIds: Tensor, seqLen: number, dWord: Tensor | null, dPos: Tensor | null, dType: Tensor | null): void {
    const g = (t: Tensor) => this.h.g(t);
    embeddingsBackward(this.h, g(dOut), g(ids), g(typeIds), seqLen, dWord ? g(dWord) : null, dPos ? g(dPos) : null, dType ? g(dType) : null);
  }

  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): { y: Tensor; mean: Tensor; rstd: Tensor } {
    return layerNorm(this.h, this.h.g(x), this.h.g(gamma), this.h.g(beta), eps);
  }

  layerNormBackward(dy: Tensor, x: Tensor, mean: Tensor, rstd: Tensor, gamma: Tensor): { dx: Tensor; dGamma: Tensor; dBeta: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return layerNormBackward(this.h, g(dy), g(x), g(mean), g(rstd), g(gamma));
  }

  addLayerNorm(a: Tensor, b: Tensor, gamma: Tensor, beta: Tensor, eps: number): { sum: Tensor; y: Tensor; mean: Tensor; rstd: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return addLayerNorm(this.h, g(a), g(b), g(gamma), g(beta), eps);
  }

  gelu(x: Tensor): Tensor {
    return unary(this.h, KERNELS.gelu, 'forward', this.h.g(x), null, `gelu(${x.label})`);
  }

  geluBackward(dy: Tensor, x: Tensor): Tensor {
    return unary(this.h, KERNELS.gelu, 'backward', this.h.g(x), this.h.g(dy), `dgelu(${x.label})`);
  }

  tanh(x: Tensor): Tensor {
    return unary(this.h, KERNELS.tanh, 'forward', this.h.g(x), null, `tanh(${x.label})`);
  }

  tanhBackward(dy: Tensor, y: Tensor): Tensor {
    return unary(this.h, KERNELS.tanh, 'backward', this.h.g(y), this.h.g(dy), `dtanh(${y.label})`);
  }

  relu(x: Tensor): Tensor {
    return unary(this.h, KERNELS.relu, 'forward', this.h.g(x), null, `relu(${x.label})`);
  }

  reluBackward(dy: Tensor, y: Tensor): Tensor {
    return unary(this.h, KERNELS.relu, 'backward', this.h.g(y), this.h.g(dy), `drelu(${y.label})`);
  }

  attention(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    mask: Tensor,
    batch: number,
    seqLen: number,
    heads: number,
    drop?: DropoutSpec,
  ): { ctx: Tensor; probs: Tensor; probsPreDropout: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return attention(this.h, g(q), g(k), g(v), g(mask), batch, seqLen, heads, drop);
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
    drop?: DropoutSpec,
  ): { dq: Tensor; dk: Tensor; dv: Tensor } {
    const g = (t: Tensor) => this.h.g(t);
    return attentionBackward(this.h, g(dCtx), g(q), g(k), g(v), g(probs), g(probsPreDropout), batch, seqLen, heads, drop);
  }

  dropout(x: Tensor, spec: DropoutSpec): Tensor {
    return dropout(this.h, this.h.g(x), spec, `dropout(${x.label})`);
  }

  dropoutBackward(dy: Tensor, spec: DropoutSpec): Tensor {
    return dropout(this.h, this.h.g(dy), spec, `ddropout(${dy.label})`);
  }

  gatherCls(x: Tensor, batch: number, seqLen: number): Tensor {
    return gatherCls(this.h, this.h.g(x), batch, seqLen);
  }

  scatterCls(dCls: Tensor, batch: number, seqLen: number): Tensor {
    return scatterCls(this.h, this.h.g(dCls), batch, seqLen);
  }

  // ---- loss and prediction ------------------------------------------------------------------

  softmax(logits: Tensor): Tensor {
    const gl = this.h.g(logits);
    const out = this.h.alloc(gl.shape, `softmax(${logits.label})`);
    softmaxRows(this.h, gl, gl.shape[0], gl.size / gl.shape[0], out);
    return out;
  }

  softmaxCrossEntropy(logits: Tensor, labels: Tensor): { loss: Tensor; dLogits: Tensor } {
    return softmaxCrossEntropy(this.h, this.h.g(logits), this.h.g(labels));
  }

  // ---- optimizer ----------------------------------------------------------------------------

  adamw(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, hp: AdamWHyper): void {
    const g = (t: Tensor) => this.h.g(t);
    adamw(this.h, g(param), g(grad), g(m), g(v), hp);
  }
}
