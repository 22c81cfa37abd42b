// The WebAssembly SIMD kernel set: the same signatures as the TypeScript twins (cpu/kernel_set.ts),
// run by the compiled wasm/*.ts kernels. Each call resets the heap's arena, copies its operands in,
// runs one or more kernels, and copies the results out into fresh arrays (or the caller's `out`).
// Small ops (tanh, softmax/CE over two classes, embeddings, adds) stay with the twins: a copy would cost
// more than the work.
import type { AdamWHyper, DropoutSpec } from '../backend';
import type { AttentionDims } from '../cpu/attention';
import { TYPESCRIPT_KERNELS, type CpuKernelSet } from '../cpu/kernel_set';
import { columnSumsInto } from '../cpu/linear';
import type { LoraXsDims } from '../cpu/loraxs';
import type { MatmulOptions } from '../cpu/matmul';
import type { GroupedMatmulDims } from '../grouped_shape';
import { CONTROL_BYTES, KernelThreadPool, type ThreadExport } from './thread_pool';
import { WasmHeap } from './wasm_heap';

/** Below these sizes a call is not split across threads (waking them costs more than it saves). */
const PARALLEL_GEMM_FLOPS = 4e6;
const PARALLEL_ELEMENTS = 1 << 16;
/** Outputs from 64 KiB up are recycled, up to 256 MiB held. */
const RECYCLE_MIN = 1 << 14;
const RECYCLE_MAX_BYTES = 256 * 2 ** 20;

/** [start, end) of share t when n items are cut into `parts` shares, share sizes multiples of `align`. */
function share(n: number, parts: number, t: number, align: number): [number, number] {
  const size = Math.ceil(n / parts / align) * align;
  return [Math.min(n, t * size), Math.min(n, (t + 1) * size)];
}

/** GEMM operand descriptor for the heap: pointer and row stride (elements). */
interface Op {
  ptr: number;
  ld: number;
}

export class WasmKernels implements CpuKernelSet {
  readonly name = 'wasm-simd';
  /** Bytes of one thread's GEMM workspace. */
  private readonly wsBytes: number;

  constructor(
    readonly heap: WasmHeap,
    readonly pool: KernelThreadPool | null = null,
  ) {
    this.wsBytes = Math.ceil(heap.k.gemmWorkspaceBytes() / 64) * 64;
  }

  /** threads > 1 needs shared memory and a thread that may block; create() throws otherwise. */
  static async create(opts: { threads?: number } = {}): Promise<WasmKernels> {
    const threads = opts.threads ?? 1;
    if (threads <= 1) return new WasmKernels(await WasmHeap.create());
    const heap = await WasmHeap.create({ shared: true, controlBytes: CONTROL_BYTES });
    const pool = await KernelThreadPool.create(
      heap.module,
      heap.memory,
      heap.controlPtr,
      threads,
      heap.k as unknown as Record<ThreadExport, (...a: number[]) => void>,
    );
    return new WasmKernels(heap, pool);
  }

  // Output arrays of released tensors, by length: a fresh multi-megabyte array costs page faults
  // on first write (about 1 ms per MB here), more than the op that fills it.
  private readonly spare = new Map<number, Float32Array[]>();
  private readonly spareSet = new WeakSet<Float32Array>();
  private spareBytes = 0;

  /** An output array of n floats (contents undefined: every caller overwrites all of it). */
  private fresh(n: number): Float32Array {
    const a = this.spare.get(n)?.pop();
    if (!a) return new Float32Array(n);
    this.spareSet.delete(a);
    this.spareBytes -= a.byteLength;
    return a;
  }

  recycle(a: Float32Array): void {
    if (a.length < RECYCLE_MIN || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength || this.spareSet.has(a)) return;
    if (a.buffer instanceof SharedArrayBuffer || this.spareBytes + a.byteLength > RECYCLE_MAX_BYTES) return;
    let list = this.spare.get(a.length);
    if (!list) this.spare.set(a.length, (list = []));
    list.push(a);
    this.spareSet.add(a);
    this.spareBytes += a.byteLength;
  }

  /** Kernel threads, this one included. */
  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  destroy(): void {
    this.pool?.destroy();
  }

  /** C [M, N] (ptr c, row stride ldc) = alpha · op(A) op(B) (+ bias) (+ C), cut into row or column shares across the threads. */
  private gemm(
    M: number,
    N: number,
    K: number,
    a: Op,
    transA: boolean,
    b: Op,
    transB: boolean,
    c: Op,
    o: { alpha?: number; bias?: number; accumulate?: boolean; ws: number },
  ): void {
    const bias = o.bias ?? 0;
    const args = (m0: number, m1: number, n0: number, n1: number, t: number) => [
      m1 - m0,
      n1 - n0,
      K,
      a.ptr + (transA ? m0 : m0 * a.ld) * 4,
      a.ld,
      transA ? 1 : 0,
      b.ptr + (transB ? n0 * b.ld : n0) * 4,
      b.ld,
      transB ? 1 : 0,
      c.ptr + (m0 * c.ld + n0) * 4,
      c.ld,
      o.alpha ?? 1,
      bias ? bias + n0 * 4 : 0,
      o.accumulate ? 1 : 0,
      o.ws + t * this.wsBytes,
    ];
    // Shares of the longer side, in whole micro-tile columns.
    this.cut('gemm', Math.max(M, N), 8, 2 * M * N * K >= PARALLEL_GEMM_FLOPS, (s0, s1, t) => (M >= N ? args(s0, s1, 0, N, t) : args(0, M, s0, s1, t)));
  }

  /**
   * Runs `fn` over [0, n) cut into one share per thread (sizes multiples of `align`), or as one call
   * on this thread when there is one thread or the work is too small to be worth waking the others.
   */
  private cut(fn: ThreadExport, n: number, align: number, worthThreads: boolean, args: (i0: number, i1: number, t: number) => number[]): void {
    const T = this.threads;
    if (T === 1 || !worthThreads) {
      (this.heap.k[fn] as (...a: number[]) => void)(...args(0, n, 0));
      return;
    }
    const calls: number[][] = [];
    for (let t = 0; t < T; t++) {
      const [i0, i1] = share(n, T, t, align);
      if (i1 > i0) calls.push(args(i0, i1, t));
    }
    this.pool!.run(fn, calls);
  }

  /** Resets the arena and allocates one GEMM workspace per thread. */
  private begin(): number {
    this.heap.reset();
    return this.heap.alloc((this.wsBytes / 4) * this.threads);
  }

  matmul(a: Float32Array, b: Float32Array, M: number, K: number, N: number, opts: MatmulOptions = {}): Float32Array {
    if (opts.out && opts.out.length < M * N) throw new Error(`matmul: out has ${opts.out.length} elements, need ${M * N}`);
    const h = this.heap,
      ws = this.begin();
    const pa = h.put(a.subarray(0, M * K)),
      pb = h.put(b.subarray(0, K * N));
    const bias = opts.bias ? h.put(opts.bias) : 0;
    const acc = opts.accumulate === true && !!opts.out;
    const pc = acc ? h.put(opts.out!.subarray(0, M * N)) : h.alloc(M * N);
    this.gemm(
      M,
      N,
      K,
      { ptr: pa, ld: opts.transA ? M : K },
      !!opts.transA,
      { ptr: pb, ld: opts.transB ? K : N },
      !!opts.transB,
      { ptr: pc, ld: N },
      { alpha: opts.alpha, bias, accumulate: acc, ws },
    );
    return opts.out ? (h.take(pc, M * N, opts.out.subarray(0, M * N)), opts.out) : h.take(pc, M * N, this.fresh(M * N));
  }

  linearBackwardParams(
    dy: Float32Array,
    x: Float32Array,
    N: number,
    inF: number,
    outF: number,
    dW: Float32Array,
    db: Float32Array | null,
    accumulate: boolean,
  ): void {
    this.matmul(dy, x, outF, N, inF, { transA: true, out: dW, accumulate });
    if (db) columnSumsInto(dy, N, outF, db, accumulate);
  }

  loraXsForward(
    x: Float32Array,
    w: Float32Array,
    b: Float32Array | null,
    a: Float32Array,
    bMat: Float32Array,
    rMat: Float32Array,
    s: number,
    d: LoraXsDims,
  ): { y: Float32Array; u: Float32Array } {
    const { N, inF, outF, r } = d;
    const h = this.heap,
      ws = this.begin();
    const px = h.put(x),
      pw = h.put(w),
      pbias = b ? h.put(b) : 0,
      pa = h.put(a),
      pB = h.put(bMat),
      pR = h.put(rMat);
    const py = h.alloc(N * outF),
      pu = h.alloc(N * r),
      pt = h.alloc(N * r);
    this.gemm(N, outF, inF, { ptr: px, ld: inF }, false, { ptr: pw, ld: inF }, true, { ptr: py, ld: outF }, { bias: pbias, ws });
    this.gemm(N, r, inF, { ptr: px, ld: inF }, false, { ptr: pa, ld: inF }, true, { ptr: pu, ld: r }, { ws });
    this.gemm(N, r, r, { ptr: pu, ld: r }, false, { ptr: pR, ld: r }, true, { ptr: pt, ld: r }, { ws });
    this.gemm(N, outF, r, { ptr: pt, ld: r }, false, { ptr: pB, ld: r }, true, { ptr: py, ld: outF }, { alpha: s, accumulate: true, ws });
    return { y: h.take(py, N * outF, this.fresh(N * outF)), u: h.take(pu, N * r, this.fresh(N * r)) };
  }

  loraXsBackward(
    dy: Float32Array,
    u: Float32Array,
    w: Float32Array,
    a: Float32Array,
    bMat: Float32Array,
    rMat: Float32Array,
    s: number,
    d: LoraXsDims,
    needDx: boolean,
  ): { dx: Float32Array | null; dR: Float32Array } {
    const { N, inF, outF, r } = d;
    const h = this.heap,
      ws = this.begin();
    const pdy = h.put(dy),
      pu = h.put(u),
      pB = h.put(bMat);
    const pg = h.alloc(N * r),
      pdR = h.alloc(r * r);
    this.gemm(N, r, outF, { ptr: pdy, ld: outF }, false, { ptr: pB, ld: r }, false, { ptr: pg, ld: r }, { ws });
    this.gemm(r, r, N, { ptr: pg, ld: r }, true, { ptr: pu, ld: r }, false, { ptr: pdR, ld: r }, { alpha: s, ws });
    if (!needDx) return { dx: null, dR: h.take(pdR, r * r, this.fresh(r * r)) };
    const pw = h.put(w),
      pa = h.put(a),
      pR = h.put(rMat);
    const pdx = h.alloc(N * inF),
      pdu = h.alloc(N * r);
    this.gemm(N, inF, outF, { ptr: pdy, ld: outF }, false, { ptr: pw, ld: inF }, false, { ptr: pdx, ld: inF }, { ws });
    this.gemm(N, r, r, { ptr: pg, ld: r }, false, { ptr: pR, ld: r }, false, { ptr: pdu, ld: r }, { alpha: s, ws });
    this.gemm(N, inF, r, { ptr: pdu, ld: r }, false, { ptr: pa, ld: inF }, false, { ptr: pdx, ld: inF }, { accumulate: true, ws });
    return { dx: h.take(pdx, N * inF, this.fresh(N * inF)), dR: h.take(pdR, r * r, this.fresh(r * r)) };
  }

  loraForward(
    x: Float32Array,
    w: Float32Array,
    b: Float32Array | null,
    a: Float32Array,
    bMat: Float32Array,
    s: number,
    d: LoraXsDims,
  ): { y: Float32Array; u: Float32Array } {
    const { N, inF, outF, r } = d;
    const h = this.heap,
      ws = this.begin();
    const px = h.put(x),
      pw = h.put(w),
      pbias = b ? h.put(b) : 0,
      pa = h.put(a),
      pB = h.put(bMat);
    const py = h.alloc(N * outF),
      pu = h.alloc(N * r);
    this.gemm(N, outF, inF, { ptr: px, ld: inF }, false, { ptr: pw, ld: inF }, true, { ptr: py, ld: outF }, { bias: pbias, ws });
    this.gemm(N, r, inF, { ptr: px, ld: inF }, false, { ptr: pa, ld: inF }, true, { ptr: pu, ld: r }, { ws });
    this.gemm(N, outF, r, { ptr: pu, ld: r }, false, { ptr: pB, ld: r }, true, { ptr: py, ld: outF }, { alpha: s, accumulate: true, ws });
    return { y: h.take(py, N * outF, this.fresh(N * outF)), u: h.take(pu, N * r, this.fresh(N * r)) };
  }

  loraBackward(
    dy: Float32Array,
    x: Float32Array,
    u: Float32Array,
    w: Float32Array,
    a: Float32Array,
    bMat: Float32Array,
    s: number,
    d: LoraXsDims,
    needDx: boolean,
  ): { dx: Float32Array | null; dA: Float32Array; dB: Float32Array } {
    const { N, inF, outF, r } = d;
    const h = this.heap,
      ws = this.begin();
    const pdy = h.put(dy),
      px = h.put(x),
      pu = h.put(u),
      pB = h.put(bMat);
    const pdB = h.alloc(outF * r),
      pdu = h.alloc(N * r),
      pdA = h.alloc(r * inF);
    this.gemm(outF, r, N, { ptr: pdy, ld: outF }, true, { ptr: pu, ld: r }, false, { ptr: pdB, ld: r }, { alpha: s, ws });
    this.gemm(N, r, outF, { ptr: pdy, ld: outF }, false, { ptr: pB, ld: r }, false, { ptr: pdu, ld: r }, { alpha: s, ws });
    this.gemm(r, inF, N, { ptr: pdu, ld: r }, true, { ptr: px, ld: inF }, false, { ptr: pdA, ld: inF }, { ws });
    const dA = h.take(pdA, r * inF, this.fresh(r * inF)),
      dB = h.take(pdB, outF * r, this.fresh(outF * r));
    if (!needDx) return { dx: null, dA, dB };
    const pw = h.put(w),
      pa = h.put(a),
      pdx = h.alloc(N * inF);
    this.gemm(N, inF, outF, { ptr: pdy, ld: outF }, false, { ptr: pw, ld: inF }, false, { ptr: pdx, ld: inF }, { ws });
    this.gemm(N, inF, r, { ptr: pdu, ld: r }, false, { ptr: pa, ld: inF }, false, { ptr: pdx, ld: inF }, { accumulate: true, ws });
    return { dx: h.take(pdx, N * inF, this.fresh(N * inF)), dA, dB };
  }

  groupedMatmul(
    x: Float32Array,
    w: Float32Array,
    d: GroupedMatmulDims,
    o: { alpha?: number; base?: Float32Array | null; out?: Float32Array; accumulate?: boolean } = {},
  ): Float32Array {
    const { G, n, K, J } = d;
    const h = this.heap,
      ws = this.begin();
    const groupOut = n * J;
    const px = h.put(d.xShared ? x.subarray(0, n * K) : x.subarray(0, G * n * K));
    const pw = h.put(d.wShared ? w.subarray(0, J * K) : w.subarray(0, G * J * K));
    const acc = !!o.accumulate && !!o.out;
    const pc = acc ? h.put(o.out!.subarray(0, G * groupOut)) : h.alloc(G * groupOut);
    const out = h.view(pc, G * groupOut);
    if (o.base) {
      // The base goes in first; the products then accumulate on top of it (as the twin does).
      for (let g = 0; g < G; g++) {
        const src = d.baseShared ? o.base.subarray(0, groupOut) : o.base.subarray(g * groupOut, (g + 1) * groupOut);
        const dst = out.subarray(g * groupOut, (g + 1) * groupOut);
        if (acc) for (let i = 0; i < groupOut; i++) dst[i] += src[i];
        else dst.set(src);
      }
    }
    const accumulate = acc || !!o.base;
    if (d.wShared && !d.xShared) {
      this.gemm(G * n, J, K, { ptr: px, ld: K }, false, { ptr: pw, ld: K }, true, { ptr: pc, ld: J }, { alpha: o.alpha, accumulate, ws });
    } else {
      for (let g = 0; g < G; g++) {
        const xs = d.xShared ? px : px + g * n * K * 4,
          wsPtr = d.wShared ? pw : pw + g * J * K * 4;
        this.gemm(n, J, K, { ptr: xs, ld: K }, false, { ptr: wsPtr, ld: K }, true, { ptr: pc + g * groupOut * 4, ld: J }, { alpha: o.alpha, accumulate, ws });
      }
    }
    return o.out ? (h.take(pc, G * groupOut, o.out.subarray(0, G * groupOut)), o.out) : h.take(pc, G * groupOut, this.fresh(G * groupOut));
  }

  layerNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): { y: Float32Array; mean: Float32Array; rstd: Float32Array } {
    const h = this.heap;
    h.reset();
    const px = h.put(x),
      pg = h.put(gamma),
      pb = h.put(beta),
      py = h.alloc(rows * cols),
      pm = h.alloc(rows),
      pr = h.alloc(rows);
    h.k.layerNorm(px, pg, pb, py, pm, pr, rows, cols, eps);
    return { y: h.take(py, rows * cols, this.fresh(rows * cols)), mean: h.take(pm, rows, this.fresh(rows)), rstd: h.take(pr, rows, this.fresh(rows)) };
  }

  layerNormBackward(
    dy: Float32Array,
    x: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    gamma: Float32Array,
    rows: number,
    cols: number,
  ): { dx: Float32Array; dGamma: Float32Array; dBeta: Float32Array } {
    const h = this.heap;
    h.reset();
    const pdy = h.put(dy),
      px = h.put(x),
      pm = h.put(mean),
      pr = h.put(rstd),
      pg = h.put(gamma);
    const pdx = h.alloc(rows * cols),
      pdg = h.alloc(cols),
      pdb = h.alloc(cols);
    h.k.layerNormBackward(pdy, px, pm, pr, pg, pdx, pdg, pdb, rows, cols);
    return { dx: h.take(pdx, rows * cols, this.fresh(rows * cols)), dGamma: h.take(pdg, cols, this.fresh(cols)), dBeta: h.take(pdb, cols, this.fresh(cols)) };
  }

  gelu(x: Float32Array): Float32Array {
    const h = this.heap;
    h.reset();
    const tmp = h.alloc(16 * this.threads),
      px = h.put(x),
      py = h.alloc(x.length);
    this.cut('gelu', x.length, 4, x.length >= PARALLEL_ELEMENTS, (i0, i1, t) => [px + i0 * 4, py + i0 * 4, i1 - i0, tmp + t * 64]);
    return h.take(py, x.length, this.fresh(x.length));
  }

  geluBackward(dy: Float32Array, x: Float32Array): Float32Array {
    const h = this.heap;
    h.reset();
    const tmp = h.alloc(16 * this.threads),
      pdy = h.put(dy),
      px = h.put(x),
      pdx = h.alloc(x.length);
    this.cut('geluBackward', x.length, 4, x.length >= PARALLEL_ELEMENTS, (i0, i1, t) => [pdy + i0 * 4, px + i0 * 4, pdx + i0 * 4, i1 - i0, tmp + t * 64]);
    return h.take(pdx, x.length, this.fresh(x.length));
  }

  attention(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    mask: Float32Array,
    d: AttentionDims,
    dropout?: DropoutSpec,
  ): { ctx: Float32Array; probs: Float32Array; probsPreDropout: Float32Array } {
    const { batch: B, seqLen: S, heads: H, headDim: Dh } = d;
    const h = this.heap,
      ws = this.begin();
    const pq = h.put(q),
      pk = h.put(k),
      pv = h.put(v),
      pm = h.put(mask);
    const nP = B * H * S * S,
      p = dropout && dropout.p > 0 ? dropout.p : 0;
    const pre = h.alloc(nP),
      probs = p > 0 ? h.alloc(nP) : pre,
      ctx = h.alloc(B * S * H * Dh);
    // Shares of the batch; each example's heads stay on one thread (pBase keeps the dropout indices global).
    const D = H * Dh,
      seed = dropout?.seed ?? 0,
      stream = dropout?.stream ?? 0;
    const per = (b0: number, b1: number, t: number) => [
      pq + b0 * S * D * 4,
      pk + b0 * S * D * 4,
      pv + b0 * S * D * 4,
      pm + b0 * S * 4,
      b1 - b0,
      S,
      H,
      Dh,
      pre + b0 * H * S * S * 4,
      probs + b0 * H * S * S * 4,
      ctx + b0 * S * D * 4,
      p,
      seed,
      stream,
      b0 * H * S * S,
      ws + t * this.wsBytes,
    ];
    this.cut('attentionForward', B, 1, B > 1 && B * H * S * S * 2 * Dh >= PARALLEL_GEMM_FLOPS, per);
    const probsPreDropout = h.take(pre, nP, this.fresh(nP));
    return {
      ctx: h.take(ctx, B * S * H * Dh, this.fresh(B * S * H * Dh)),
      probs: p > 0 ? h.take(probs, nP, this.fresh(nP)) : probsPreDropout,
      probsPreDropout,
    };
  }

  attentionBackward(
    dCtx: Float32Array,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    probs: Float32Array,
    probsPreDropout: Float32Array,
    d: AttentionDims,
    dropout?: DropoutSpec,
  ): { dq: Float32Array; dk: Float32Array; dv: Float32Array } {
    const { batch: B, seqLen: S, heads: H, headDim: Dh } = d;
    const h = this.heap,
      ws = this.begin();
    const n = B * S * H * Dh,
      p = dropout && dropout.p > 0 ? dropout.p : 0;
    const pdc = h.put(dCtx),
      pq = h.put(q),
      pk = h.put(k),
      pv = h.put(v);
    const pre = h.put(probsPreDropout),
      pp = p > 0 ? h.put(probs) : pre;
    const dq = h.alloc(n),
      dk = h.alloc(n),
      dv = h.alloc(n),
      scratch = h.alloc(S * S * this.threads);
    // The dropout mask is read off the kept probabilities (wasm/attention.ts), so only p travels.
    const row = S * H * Dh * 4,
      pRow = H * S * S * 4;
    const per = (b0: number, b1: number, t: number) => [
      pdc + b0 * row,
      pq + b0 * row,
      pk + b0 * row,
      pv + b0 * row,
      pp + b0 * pRow,
      pre + b0 * pRow,
      b1 - b0,
      S,
      H,
      Dh,
      dq + b0 * row,
      dk + b0 * row,
      dv + b0 * row,
      p,
      ws + t * this.wsBytes,
      scratch + t * S * S * 4,
    ];
    this.cut('attentionBackward', B, 1, B > 1 && B * H * S * S * 4 * Dh >= PARALLEL_GEMM_FLOPS, per);
    return { dq: h.take(dq, n, this.fresh(n)), dk: h.take(dk, n, this.fresh(n)), dv: h.take(dv, n, this.fresh(n)) };
  }

  dropout(x: Float32Array, spec: DropoutSpec): Float32Array {
    if (spec.p <= 0) return x.slice();
    if (spec.p >= 1) return new Float32Array(x.length);
    const h = this.heap;
    h.reset();
    const px = h.put(x);
    this.cut('dropoutScale', x.length, 16, x.length >= PARALLEL_ELEMENTS, (i0, i1) => [px + i0 * 4, px + i0 * 4, i1 - i0, i0, spec.seed, spec.stream, spec.p]);
    return h.take(px, x.length, this.fresh(x.length));
  }

  dropoutBackward(dy: Float32Array, spec: DropoutSpec): Float32Array {
    return this.dropout(dy, spec);
  }

  adamw(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, hy: AdamWHyper): void {
    // Parameter vectors below a few thousand values are not worth the copies.
    if (param.length < 4096) {
      TYPESCRIPT_KERNELS.adamw(param, grad, m, v, hy);
      return;
    }
    if (!(hy.step >= 1)) throw new Error(`adamw: step must be ≥ 1 (1-based), got ${hy.step}`);
    const h = this.heap;
    h.reset();
    const pp = h.put(param),
      pg = h.put(grad),
      pm = h.put(m),
      pv = h.put(v);
    h.k.adamw(pp, pg, pm, pv, param.length, hy.lr, hy.beta1, hy.beta2, hy.eps, hy.weightDecay, 1 - hy.beta1 ** hy.step, 1 - hy.beta2 ** hy.step);
    h.take(pp, param.length, param);
    h.take(pm, m.length, m);
    h.take(pv, v.length, v);
  }
}
