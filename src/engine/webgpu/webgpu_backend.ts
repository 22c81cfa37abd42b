// The WebGPU compute backend: every op records dispatches into one command encoder (see
// CommandRecorder); flush() submits; read() flushes and maps a staging buffer.
import type { AdamWHyper, Backend, DropoutSpec, DType, HostArray, Tensor } from '../backend';
import { BufferPool } from '../../gpu/buffer_pool';
import { createGpuContext, type GpuContext, type GpuContextOptions } from '../../gpu/device';
import { limitExceeded } from '../../gpu/errors';
import { readBufferBytes } from '../../gpu/readback';
import { CommandRecorder } from './command_recorder';
import { grid1d, gridForThreads } from './dispatch_grid';
import { GpuTensor } from './gpu_tensor';
import { KERNELS, type Kernel } from './kernels';
import type { UniformField } from './uniform_arena';

const WG = 64;

export interface WebGpuBackendOptions {
  /** Byte cap of the buffer pool's free list. */
  poolMaxFreeBytes?: number;
  /** Time each dispatch with timestamp queries (when the device supports them). */
  profile?: boolean;
}

/** Dropout decision threshold: keep element i iff its 24-bit uniform integer ≥ this (≡ uniform ≥ p). */
export function dropoutKeepFrom(p: number): number {
  return Math.min(2 ** 24, Math.max(0, Math.ceil(p * 2 ** 24)));
}

const u = (v: number): UniformField => ['u', v];
const f = (v: number): UniformField => ['f', v];

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly pool: BufferPool;
  readonly recorder: CommandRecorder;
  private dummyRead: GPUBuffer;
  private maxPerDim: number;
  private destroyed = false;

  constructor(readonly ctx: GpuContext, opts: WebGpuBackendOptions = {}) {
    this.pool = new BufferPool(ctx.device, { maxFreeBytes: opts.poolMaxFreeBytes });
    this.recorder = new CommandRecorder(ctx, opts.profile ?? false);
    this.dummyRead = ctx.device.createBuffer({ label: 'unused-binding', size: 256, usage: 0x80 | 0x08 });
    this.maxPerDim = ctx.limits.maxComputeWorkgroupsPerDimension;
  }

  static async create(opts: GpuContextOptions & WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
    return new WebGpuBackend(await createGpuContext(opts), opts);
  }

  // ---- memory -------------------------------------------------------------------------------

  private alloc(shape: readonly number[], label: string, dtype: DType = 'f32'): GpuTensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return new GpuTensor(shape, dtype, label, this.pool.acquire(size * 4, label));
  }

  private g(t: Tensor): GpuTensor {
    if (!(t instanceof GpuTensor)) throw new Error(`tensor '${t.label}' does not belong to the WebGPU backend`);
    if (t.released) throw new Error(`tensor '${t.label}' was used after release`);
    return t;
  }

  upload(data: HostArray, shape: readonly number[], label: string): Tensor {
    const dtype: DType = data instanceof Float32Array ? 'f32' : data instanceof Int32Array ? 'i32' : 'u32';
    const t = this.alloc(shape, label, dtype);
    if (t.size !== data.length) throw new Error(`upload '${label}': shape [${shape}] needs ${t.size} values, got ${data.length}`);
    this.recorder.upload(t.buffer, data);
    return t;
  }

  zeros(shape: readonly number[], label: string, dtype: DType = 'f32'): Tensor {
    const t = this.alloc(shape, label, dtype);
    this.recorder.clear(t.buffer, t.byteLength);
    return t;
  }

  write(t: Tensor, data: HostArray): void {
    const gt = this.g(t);
    if (data.length !== gt.size) throw new Error(`write '${t.label}': size ${gt.size} ≠ ${data.length}`);
    this.recorder.upload(gt.buffer, data);
  }

  copy(src: Tensor, dst: Tensor): void {
    const s = this.g(src), d = this.g(dst);
    if (s.size !== d.size) throw new Error(`copy '${src.label}' → '${dst.label}': sizes differ`);
    this.recorder.copy(s.buffer, d.buffer, s.byteLength);
  }

  async read(t: Tensor): Promise<HostArray> {
    const gt = this.g(t);
    this.flush();
    await this.recorder.check();
    const bytes = await readBufferBytes(this.ctx, gt.buffer, 0, gt.byteLength, gt.label);
    return gt.dtype === 'f32' ? new Float32Array(bytes) : gt.dtype === 'i32' ? new Int32Array(bytes) : new Uint32Array(bytes);
  }

  release(t: Tensor): void {
    const gt = this.g(t);
    gt.released = true;
    if (!gt.external) this.pool.release(gt.buffer);
  }

  flush(): void {
    if (this.recorder.flush()) this.pool.trim();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.recorder.destroy();
    this.pool.clearFree();
    this.dummyRead.destroy();
    this.ctx.destroy();
  }

  // ---- extension points (kernels outside this backend, e.g. the SWAG/posterior kernels) -----

  /** The storage buffer behind a tensor (may be larger than size · 4 bytes). */
  bufferOf(t: Tensor): GPUBuffer {
    return this.g(t).buffer;
  }

  /** A pooled tensor with undefined contents (for outputs a custom kernel fully writes). */
  empty(shape: readonly number[], label: string, dtype: DType = 'f32'): Tensor {
    return this.alloc(shape, label, dtype);
  }

  /** Record a custom kernel into the step's encoder: binding 0 = uniforms, bindings 1… = tensors. */
  runKernel(spec: { kernel: Kernel; entry: string; uniforms: UniformField[]; tensors: Tensor[]; threads?: number; workgroups?: [number, number, number]; constants?: Record<string, number | boolean>; label: string }): void {
    const wg = Number(spec.constants?.WG ?? WG);
    const workgroups = spec.workgroups ?? gridForThreads(spec.threads ?? 0, wg, this.maxPerDim, spec.label);
    this.run(spec.kernel, spec.entry, spec.uniforms, spec.tensors.map((t) => this.g(t).buffer), workgroups, spec.label, spec.constants);
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
    this.recorder.external(record);
  }

  // ---- dispatch helpers ---------------------------------------------------------------------

  private run(kernel: Kernel, entry: string, uniforms: UniformField[], buffers: GPUBuffer[], workgroups: [number, number, number], label: string, constants?: Record<string, number | boolean>): void {
    this.recorder.dispatch({ kernel, entry, uniforms, buffers, workgroups, label, constants: { ...constants } });
  }

  private threads(n: number, what: string): [number, number, number] {
    return gridForThreads(n, WG, this.maxPerDim, what);
  }

  private rows(n: number, what: string): [number, number, number] {
    return grid1d(n, this.maxPerDim, what);
  }

  private wg(extra?: Record<string, number | boolean>): Record<string, number | boolean> {
    return { WG, ...extra };
  }

  // ---- dense algebra ------------------------------------------------------------------------

  /** The general kernel behind matmul, linear and the fused LoRA/LoRA-XS layers. */
  private gemm(
    a: GpuTensor,
    b: GpuTensor,
    o: { transA?: boolean; transB?: boolean; bias?: GpuTensor | null; alpha?: number; out?: GpuTensor; accumulate?: boolean; lowT?: GpuTensor; lowL?: GpuTensor; lowTrans?: boolean; s?: number; label?: string },
  ): GpuTensor {
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul needs 2-D tensors, got [${a.shape}] and [${b.shape}]`);
    const [M, K] = o.transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
    const [Kb, N] = o.transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (K !== Kb) throw new Error(`matmul '${a.label}'×'${b.label}': inner sizes ${K} ≠ ${Kb}`);
    if (o.bias && o.bias.size !== N) throw new Error(`matmul bias '${o.bias.label}' has ${o.bias.size} values, need ${N}`);
    let R = 0;
    if (o.lowT && o.lowL) {
      R = o.lowT.shape[1];
      if (o.lowT.shape[0] !== M) throw new Error(`low-rank '${o.lowT.label}' has ${o.lowT.shape[0]} rows, need ${M}`);
      const [ln, lr] = o.lowTrans ? [o.lowL.shape[0], o.lowL.shape[1]] : [o.lowL.shape[1], o.lowL.shape[0]];
      if (ln !== N || lr !== R) throw new Error(`low-rank factor '${o.lowL.label}' [${o.lowL.shape}] does not fit N=${N}, r=${R}`);
    }
    const out = o.out ?? this.alloc([M, N], o.label ?? `matmul(${a.label},${b.label})`);
    if (o.out && (out.shape[0] !== M || out.shape[1] !== N)) throw new Error(`matmul out '${out.label}' is [${out.shape}], need [${M},${N}]`);
    const tiles: [number, number, number] = [Math.ceil(N / 32), Math.ceil(M / 32), 1];
    if (tiles[0] > this.maxPerDim || tiles[1] > this.maxPerDim) throw limitExceeded('maxComputeWorkgroupsPerDimension', Math.max(tiles[0], tiles[1]), this.maxPerDim, `matmul [${M}×${K}]·[${K}×${N}]`);
    const d = this.dummyRead;
    this.run(
      KERNELS.matmul,
      'main',
      [u(M), u(N), u(K), u(R), f(o.alpha ?? 1), f(o.s ?? 0)],
      [a.buffer, b.buffer, o.bias?.buffer ?? d, o.lowT?.buffer ?? d, o.lowL?.buffer ?? d, out.buffer],
      M === 0 || N === 0 ? [0, 1, 1] : tiles,
      out.label,
      { TRANS_A: !!o.transA, TRANS_B: !!o.transB, HAS_BIAS: !!o.bias, ACCUMULATE: !!o.accumulate, LOWRANK: R > 0, LR_TRANS: o.lowTrans ?? true },
    );
    return out;
  }

  matmul(a: Tensor, b: Tensor, opts: { transA?: boolean; transB?: boolean; bias?: Tensor; alpha?: number; out?: Tensor; accumulate?: boolean } = {}): Tensor {
    return this.gemm(this.g(a), this.g(b), {
      ...opts,
      bias: opts.bias ? this.g(opts.bias) : null,
      out: opts.out ? this.g(opts.out) : undefined,
      accumulate: !!opts.accumulate && !!opts.out,
    });
  }

  linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
    return this.gemm(this.g(x), this.g(w), { transB: true, bias: b ? this.g(b) : null, label: `linear(${w.label})` });
  }

  linearBackwardInput(dy: Tensor, w: Tensor): Tensor {
    return this.gemm(this.g(dy), this.g(w), { label: `dx(${w.label})` });
  }

  linearBackwardParams(dy: Tensor, x: Tensor, dW: Tensor, db: Tensor | null, accumulate: boolean): void {
    const gdy = this.g(dy);
    this.gemm(gdy, this.g(x), { transA: true, out: this.g(dW), accumulate });
    if (db) this.colsum(gdy, this.g(db), accumulate);
  }

  private colsum(x: GpuTensor, out: GpuTensor, accumulate: boolean): void {
    const [rows, cols] = [x.shape[0], x.size / x.shape[0]];
    if (out.size !== cols) throw new Error(`column sum of '${x.label}' needs ${cols} outputs, '${out.label}' has ${out.size}`);
    this.run(KERNELS.colsum, 'main', [u(rows), u(cols)], [x.buffer, out.buffer], this.threads(cols, 'colsum'), out.label, this.wg({ ACCUMULATE: accumulate }));
  }

  private elementwise(entry: 'add' | 'scale' | 'add_in_place', a: GpuTensor, b: GpuTensor | null, out: GpuTensor, alpha: number): void {
    this.run(KERNELS.elementwise, entry, [u(out.size), f(alpha)], [a.buffer, b?.buffer ?? this.dummyRead, out.buffer], this.threads(out.size, entry), out.label, this.wg());
  }

  add(a: Tensor, b: Tensor): Tensor {
    const ga = this.g(a), gb = this.g(b);
    if (ga.size !== gb.size) throw new Error(`add '${a.label}' + '${b.label}': sizes ${ga.size} ≠ ${gb.size}`);
    const out = this.alloc(ga.shape, `add(${a.label})`);
    this.elementwise('add', ga, gb, out, 1);
    return out;
  }

  addInPlace(a: Tensor, b: Tensor, alpha = 1): void {
    const ga = this.g(a), gb = this.g(b);
    if (ga.size !== gb.size) throw new Error(`addInPlace '${a.label}' += '${b.label}': sizes differ`);
    this.elementwise('add_in_place', gb, null, ga, alpha);
  }

  scale(a: Tensor, alpha: number): Tensor {
    const ga = this.g(a);
    const out = this.alloc(ga.shape, `scale(${a.label})`);
    this.elementwise('scale', ga, null, out, alpha);
    return out;
  }

  // ---- adapters -----------------------------------------------------------------------------

  loraXsForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, r: Tensor, s: number): { y: Tensor; u: Tensor } {
    const gx = this.g(x);
    const uT = this.gemm(gx, this.g(a), { transB: true, label: `u(${a.label})` });
    const t = this.gemm(uT, this.g(r), { transB: true, label: `uRt(${r.label})` });
    const y = this.gemm(gx, this.g(w), { transB: true, bias: b ? this.g(b) : null, lowT: t, lowL: this.g(bMat), lowTrans: true, s, label: `loraxs(${w.label})` });
    this.release(t);
    return { y, u: uT };
  }

  loraXsBackward(dy: Tensor, uT: Tensor, w: Tensor, a: Tensor, bMat: Tensor, r: Tensor, s: number, needDx: boolean): { dx: Tensor | null; dR: Tensor } {
    const gdy = this.g(dy);
    const gB = this.gemm(gdy, this.g(bMat), { label: `dyB(${bMat.label})` }); // [N, r]
    const dR = this.gemm(gB, this.g(uT), { transA: true, alpha: s, label: `dR(${r.label})` });
    let dx: Tensor | null = null;
    if (needDx) {
      const h = this.gemm(gB, this.g(r), { label: `dyBR(${r.label})` });
      dx = this.gemm(gdy, this.g(w), { lowT: h, lowL: this.g(a), lowTrans: false, s, label: `dx(${w.label})` });
      this.release(h);
    }
    this.release(gB);
    return { dx, dR };
  }

  loraForward(x: Tensor, w: Tensor, b: Tensor | null, a: Tensor, bMat: Tensor, s: number): { y: Tensor; u: Tensor } {
    const gx = this.g(x);
    const uT = this.gemm(gx, this.g(a), { transB: true, label: `u(${a.label})` });
    const y = this.gemm(gx, this.g(w), { transB: true, bias: b ? this.g(b) : null, lowT: uT, lowL: this.g(bMat), lowTrans: true, s, label: `lora(${w.label})` });
    return { y, u: uT };
  }

  loraBackward(dy: Tensor, x: Tensor, uT: Tensor, w: Tensor, a: Tensor, bMat: Tensor, s: number, needDx: boolean): { dx: Tensor | null; dA: Tensor; dB: Tensor } {
    const gdy = this.g(dy);
    const gB = this.gemm(gdy, this.g(bMat), { label: `dyB(${bMat.label})` }); // [N, r]
    const dB = this.gemm(gdy, this.g(uT), { transA: true, alpha: s, label: `dB(${bMat.label})` });
    const dA = this.gemm(gB, this.g(x), { transA: true, alpha: s, label: `dA(${a.label})` });
    const dx = needDx ? this.gemm(gdy, this.g(w), { lowT: gB, lowL: this.g(a), lowTrans: false, s, label: `dx(${w.label})` }) : null;
    this.release(gB);
    return { dx, dA, dB };
  }

  // ---- encoder ops --------------------------------------------------------------------------

  embeddings(ids: Tensor, typeIds: Tensor, seqLen: number, word: Tensor, pos: Tensor, type: Tensor): Tensor {
    const gi = this.g(ids), gt = this.g(typeIds), gw = this.g(word), gp = this.g(pos), gty = this.g(type);
    const N = gi.size, D = gw.shape[1];
    if (gp.shape[1] !== D || gty.shape[1] !== D) throw new Error('embeddings: tables must share the hidden size');
    const out = this.alloc([N, D], 'embeddings');
    this.run(
      KERNELS.embeddings, 'main',
      [u(N), u(D), u(seqLen), u(gw.shape[0]), u(gp.shape[0]), u(gty.shape[0])],
      [gi.buffer, gt.buffer, gw.buffer, gp.buffer, gty.buffer, out.buffer],
      this.threads(N * D, 'embeddings'), 'embeddings', this.wg(),
    );
    return out;
  }

  embeddingsBackward(dOut: Tensor, ids: Tensor, typeIds: Tensor, seqLen: number, dWord: Tensor | null, dPos: Tensor | null, dType: Tensor | null): void {
    const gd = this.g(dOut);
    const N = this.g(ids).size, D = gd.shape[1];
    const k = KERNELS.embeddingsBackward;
    const scatterRows = (idx: GpuTensor, table: GpuTensor) => {
      const links = this.alloc([2 * N], `links(${table.label})`, 'u32');
      const uni = [u(N), u(D), u(seqLen), u(table.shape[0])];
      this.run(k, 'chain', uni, [idx.buffer, gd.buffer, links.buffer, table.buffer], this.threads(N, 'embeddings chain'), `chain(${table.label})`, this.wg());
      this.run(k, 'scatter', uni, [idx.buffer, gd.buffer, links.buffer, table.buffer], this.threads(N * D, 'embeddings scatter'), `scatter(${table.label})`, this.wg());
      this.release(links);
    };
    if (dWord) scatterRows(this.g(ids), this.g(dWord));
    if (dType) scatterRows(this.g(typeIds), this.g(dType));
    if (dPos) {
      const gp = this.g(dPos);
      const links = this.alloc([1], 'links(pos)', 'u32');
      this.run(k, 'scatter_pos', [u(N), u(D), u(seqLen), u(gp.shape[0])], [this.g(ids).buffer, gd.buffer, links.buffer, gp.buffer], this.threads(seqLen * D, 'embeddings pos'), `scatter(${gp.label})`, this.wg());
      this.release(links);
    }
  }

  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): { y: Tensor; mean: Tensor; rstd: Tensor } {
    const gx = this.g(x);
    const rows = gx.shape[0], D = gx.size / rows;
    const y = this.alloc(gx.shape, `ln(${gamma.label})`);
    const mean = this.alloc([rows], 'ln.mean');
    const rstd = this.alloc([rows], 'ln.rstd');
    this.run(KERNELS.layernorm, 'main', [u(rows), u(D), f(eps)], [gx.buffer, this.g(gamma).buffer, this.g(beta).buffer, y.buffer, mean.buffer, rstd.buffer], this.rows(rows, 'layerNorm'), y.label, this.wg());
    return { y, mean, rstd };
  }

  layerNormBackward(dy: Tensor, x: Tensor, mean: Tensor, rstd: Tensor, gamma: Tensor): { dx: Tensor; dGamma: Tensor; dBeta: Tensor } {
    const gx = this.g(x);
    const rows = gx.shape[0], D = gx.size / rows;
    const dx = this.alloc(gx.shape, `dln(${gamma.label})`);
    const dGamma = this.alloc([D], `d(${gamma.label})`);
    const dBeta = this.alloc([D], `dbeta(${gamma.label})`);
    const buffers = [this.g(dy).buffer, gx.buffer, this.g(mean).buffer, this.g(rstd).buffer, this.g(gamma).buffer, dx.buffer, dGamma.buffer, dBeta.buffer];
    this.run(KERNELS.layernormBackward, 'dx_main', [u(rows), u(D)], buffers, this.rows(rows, 'layerNormBackward'), dx.label, this.wg());
    this.run(KERNELS.layernormBackward, 'dparams_main', [u(rows), u(D)], buffers, this.threads(D, 'layerNormBackward params'), dGamma.label, this.wg());
    return { dx, dGamma, dBeta };
  }

  private unary(kernel: Kernel, entry: string, x: GpuTensor, dy: GpuTensor | null, label: string): GpuTensor {
    if (dy && dy.size !== x.size) throw new Error(`${label}: sizes differ`);
    const out = this.alloc(x.shape, label);
    this.run(kernel, entry, [u(x.size)], [x.buffer, dy?.buffer ?? this.dummyRead, out.buffer], this.threads(x.size, label), label, this.wg());
    return out;
  }

  gelu(x: Tensor): Tensor {
    return this.unary(KERNELS.gelu, 'forward', this.g(x), null, `gelu(${x.label})`);
  }

  geluBackward(dy: Tensor, x: Tensor): Tensor {
    return this.unary(KERNELS.gelu, 'backward', this.g(x), this.g(dy), `dgelu(${x.label})`);
  }

  tanh(x: Tensor): Tensor {
    return this.unary(KERNELS.tanh, 'forward', this.g(x), null, `tanh(${x.label})`);
  }

  tanhBackward(dy: Tensor, y: Tensor): Tensor {
    return this.unary(KERNELS.tanh, 'backward', this.g(y), this.g(dy), `dtanh(${y.label})`);
  }

  private dropoutInto(x: GpuTensor, spec: DropoutSpec, label: string): GpuTensor {
    const out = this.alloc(x.shape, label);
    const scale = spec.p >= 1 ? 0 : 1 / (1 - spec.p);
    this.run(KERNELS.dropout, 'main', [u(x.size), u(spec.seed), u(spec.stream), u(dropoutKeepFrom(spec.p)), f(scale)], [x.buffer, this.dummyRead, out.buffer], this.threads(x.size, label), label, this.wg());
    return out;
  }

  dropout(x: Tensor, spec: DropoutSpec): Tensor {
    return this.dropoutInto(this.g(x), spec, `dropout(${x.label})`);
  }

  dropoutBackward(dy: Tensor, spec: DropoutSpec): Tensor {
    return this.dropoutInto(this.g(dy), spec, `ddropout(${dy.label})`);
  }

  private attn(entry: string, uni: UniformField[], in0: GpuTensor, in1: GpuTensor, in2: GpuTensor | null, out: GpuTensor, threads: number): void {
    this.run(KERNELS.attention, entry, uni, [in0.buffer, in1.buffer, in2?.buffer ?? this.dummyRead, out.buffer], this.threads(threads, `attention.${entry}`), out.label, this.wg());
  }

  private attnDims(q: GpuTensor, batch: number, seqLen: number, heads: number) {
    const width = q.shape[1];
    if (q.shape[0] !== batch * seqLen || width % heads !== 0) throw new Error(`attention: q is [${q.shape}], expected [${batch * seqLen}, heads·headDim] with heads=${heads}`);
    const Dh = width / heads;
    const uni = [u(batch), u(seqLen), u(heads), u(Dh), f(1 / Math.sqrt(Dh))];
    return { Dh, uni, scoreCount: batch * heads * seqLen * seqLen, ctxCount: batch * seqLen * width };
  }

  private softmaxRows(x: GpuTensor, rows: number, cols: number, out: GpuTensor): void {
    this.run(KERNELS.softmax, 'main', [u(rows), u(cols)], [x.buffer, out.buffer], this.rows(rows, 'softmax'), out.label, this.wg());
  }

  attention(q: Tensor, k: Tensor, v: Tensor, mask: Tensor, batch: number, seqLen: number, heads: number, dropout?: DropoutSpec): { ctx: Tensor; probs: Tensor; probsPreDropout: Tensor } {
    const gq = this.g(q), gk = this.g(k), gv = this.g(v);
    const { uni, scoreCount, ctxCount } = this.attnDims(gq, batch, seqLen, heads);
    const scores = this.alloc([batch, heads, seqLen, seqLen], 'attn.scores');
    this.attn('scores', uni, gq, gk, this.g(mask), scores, scoreCount);
    const pre = this.alloc([batch, heads, seqLen, seqLen], 'attn.probsPre');
    this.softmaxRows(scores, batch * heads * seqLen, seqLen, pre);
    this.release(scores);
    let probs: GpuTensor;
    if (dropout && dropout.p > 0) probs = this.dropoutInto(pre, dropout, 'attn.probs');
    else {
      probs = this.alloc(pre.shape, 'attn.probs');
      this.recorder.copy(pre.buffer, probs.buffer, pre.byteLength);
    }
    const ctx = this.alloc([batch * seqLen, gq.shape[1]], 'attn.ctx');
    this.attn('context', uni, probs, gv, null, ctx, ctxCount);
    return { ctx, probs, probsPreDropout: pre };
  }

  attentionBackward(dCtx: Tensor, q: Tensor, k: Tensor, v: Tensor, probs: Tensor, probsPreDropout: Tensor, batch: number, seqLen: number, heads: number, dropout?: DropoutSpec): { dq: Tensor; dk: Tensor; dv: Tensor } {
    const gq = this.g(q), gk = this.g(k), gv = this.g(v), gd = this.g(dCtx);
    const { uni, scoreCount, ctxCount } = this.attnDims(gq, batch, seqLen, heads);
    const dv = this.alloc(gv.shape, 'attn.dv');
    this.attn('dv', uni, this.g(probs), gd, null, dv, ctxCount);
    let dP = this.alloc([batch, heads, seqLen, seqLen], 'attn.dprobs');
    this.attn('dprobs', uni, gd, gv, null, dP, scoreCount);
    if (dropout && dropout.p > 0) {
      const pre = this.dropoutInto(dP, dropout, 'attn.dprobsPre');
      this.release(dP);
      dP = pre;
    }
    const dS = this.alloc([batch, heads, seqLen, seqLen], 'attn.dscores');
    this.attn('dscores', uni, this.g(probsPreDropout), dP, null, dS, batch * heads * seqLen);
    this.release(dP);
    const dq = this.alloc(gq.shape, 'attn.dq');
    this.attn('dq', uni, dS, gk, null, dq, ctxCount);
    const dk = this.alloc(gk.shape, 'attn.dk');
    this.attn('dk', uni, dS, gq, null, dk, ctxCount);
    this.release(dS);
    return { dq, dk, dv };
  }

  gatherCls(x: Tensor, batch: number, seqLen: number): Tensor {
    const gx = this.g(x);
    const D = gx.size / (batch * seqLen);
    const out = this.alloc([batch, D], `cls(${x.label})`);
    this.run(KERNELS.cls, 'gather', [u(batch), u(seqLen), u(D)], [gx.buffer, out.buffer], this.threads(batch * D, 'gatherCls'), out.label, this.wg());
    return out;
  }

  scatterCls(dCls: Tensor, batch: number, seqLen: number): Tensor {
    const gd = this.g(dCls);
    const D = gd.size / batch;
    const out = this.alloc([batch * seqLen, D], `dcls(${dCls.label})`);
    this.run(KERNELS.cls, 'scatter', [u(batch), u(seqLen), u(D)], [gd.buffer, out.buffer], this.threads(batch * seqLen * D, 'scatterCls'), out.label, this.wg());
    return out;
  }

  // ---- loss and prediction ------------------------------------------------------------------

  softmax(logits: Tensor): Tensor {
    const gl = this.g(logits);
    const rows = gl.shape[0], cols = gl.size / rows;
    const out = this.alloc(gl.shape, `softmax(${logits.label})`);
    this.softmaxRows(gl, rows, cols, out);
    return out;
  }

  softmaxCrossEntropy(logits: Tensor, labels: Tensor): { loss: Tensor; dLogits: Tensor } {
    const gl = this.g(logits), gy = this.g(labels);
    const N = gl.shape[0], C = gl.size / N;
    if (gy.size !== N) throw new Error(`softmaxCrossEntropy: ${gy.size} labels for ${N} rows`);
    const rowLoss = this.alloc([N], 'xent.rows');
    const dLogits = this.alloc(gl.shape, 'xent.dlogits');
    const loss = this.alloc([1], 'xent.loss');
    this.run(KERNELS.crossEntropy, 'rows', [u(N), u(C)], [gl.buffer, gy.buffer, rowLoss.buffer, dLogits.buffer], this.threads(N, 'xent'), 'xent.rows', this.wg());
    this.run(KERNELS.crossEntropy, 'mean', [u(N), u(C)], [this.dummyRead, this.dummyRead, rowLoss.buffer, loss.buffer], [1, 1, 1], 'xent.mean', this.wg());
    this.release(rowLoss);
    return { loss, dLogits };
  }

  // ---- optimizer ----------------------------------------------------------------------------

  adamw(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, h: AdamWHyper): void {
    const gp = this.g(param);
    const bc1 = 1 - h.beta1 ** h.step;
    const bc2 = 1 - h.beta2 ** h.step;
    this.run(
      KERNELS.adamw, 'main',
      [u(gp.size), f(1 - h.lr * h.weightDecay), f(1 - h.beta1), f(h.beta2), f(1 - h.beta2), f(h.lr / bc1), f(Math.sqrt(bc2)), f(h.eps)],
      [this.g(grad).buffer, gp.buffer, this.g(m).buffer, this.g(v).buffer],
      this.threads(gp.size, 'adamw'), `adamw(${param.label})`, this.wg(),
    );
  }
}
