// The host side of the WebAssembly kernels' linear memory: instantiation, feature detection, and a
// bump arena that each backend op resets, fills with its inputs, and reads its outputs from.
// The CPU backend's tensors stay ordinary typed arrays (the TypeScript twins and every host path
// read them directly); a copy in and out costs one memcpy per operand, small beside a GEMM.
import { KERNELS_MAX_PAGES, KERNELS_WASM, KERNELS_WASM_SHARED } from './generated/kernels_wasm';

/** The kernels' exports (wasm/index.ts); pointers are byte offsets, booleans 0/1. */
export interface KernelExports {
  gemm(
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    transA: number,
    b: number,
    ldb: number,
    transB: number,
    c: number,
    ldc: number,
    alpha: number,
    bias: number,
    accumulate: number,
    ws: number,
  ): void;
  gemmWorkspaceBytes(): number;
  heapBase(): number;
  gelu(x: number, y: number, n: number, tmp: number): void;
  geluBackward(dy: number, x: number, dx: number, n: number, tmp: number): void;
  layerNorm(x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, R: number, C: number, eps: number): void;
  layerNormBackward(dy: number, x: number, mean: number, rstd: number, gamma: number, dx: number, dGamma: number, dBeta: number, R: number, C: number): void;
  dropoutScale(x: number, y: number, n: number, offset: number, seed: number, stream: number, p: number): void;
  adamw(
    param: number,
    grad: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    wd: number,
    bc1: number,
    bc2: number,
  ): void;
  attentionForward(
    q: number,
    k: number,
    v: number,
    mask: number,
    B: number,
    S: number,
    H: number,
    d: number,
    pre: number,
    probs: number,
    ctx: number,
    p: number,
    seed: number,
    stream: number,
    pBase: number,
    ws: number,
  ): void;
  attentionBackward(
    dCtx: number,
    q: number,
    k: number,
    v: number,
    probs: number,
    pre: number,
    B: number,
    S: number,
    H: number,
    d: number,
    dq: number,
    dk: number,
    dv: number,
    p: number,
    ws: number,
    scratch: number,
  ): void;
}

const PAGE = 65536;
const ALIGN = 64;
/** The arena starts past the module's static data, and never at 0, which means "none" (no bias, no input). */
const MIN_BASE = 1024;

function decode(b64: string): Uint8Array {
  if (typeof atob === 'function') {
    const s = atob(b64);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Why this runtime cannot run the kernels (no WebAssembly, no SIMD), or null when it can. */
export function wasmSimdUnsupportedReason(): string | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return 'this runtime has no WebAssembly';
  // The smallest module with a v128 instruction: (func (result v128) v128.const i32x4 0 0 0 0).
  const simd = Uint8Array.of(
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    1,
    5,
    1,
    96,
    0,
    1,
    123,
    3,
    2,
    1,
    0,
    10,
    22,
    1,
    20,
    0,
    253,
    12,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    11,
  );
  if (!WebAssembly.validate(simd)) return 'this browser has no WebAssembly SIMD';
  return null;
}

/** Whether shared WebAssembly memory (and so kernel threads) is available here. */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: unknown };
  if (g.crossOriginIsolated === false && !g.process) return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

const compiled: { plain?: Promise<WebAssembly.Module>; shared?: Promise<WebAssembly.Module> } = {};

export function kernelModule(shared: boolean): Promise<WebAssembly.Module> {
  const key = shared ? 'shared' : 'plain';
  compiled[key] ??= WebAssembly.compile(decode(shared ? KERNELS_WASM_SHARED : KERNELS_WASM) as BufferSource);
  return compiled[key]!;
}

export async function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  const inst = await WebAssembly.instantiate(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('wasm kernel abort');
      },
    },
  });
  return inst.exports as unknown as KernelExports;
}

export class WasmHeap {
  private readonly base: number;
  /** Bytes below the arena reserved for the kernel threads' control block (shared memory only). */
  readonly controlPtr: number;
  private top: number;
  private f32View: Float32Array;

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly k: KernelExports,
    readonly shared: boolean,
    readonly module: WebAssembly.Module,
    controlBytes: number,
  ) {
    this.f32View = new Float32Array(memory.buffer);
    this.controlPtr = Math.max(MIN_BASE, Math.ceil(k.heapBase() / ALIGN) * ALIGN);
    this.base = this.controlPtr + Math.ceil(controlBytes / ALIGN) * ALIGN;
    this.top = this.base;
  }

  static async create(opts: { shared?: boolean; initialMiB?: number; controlBytes?: number } = {}): Promise<WasmHeap> {
    const shared = opts.shared ?? false;
    const initial = Math.ceil(((opts.initialMiB ?? 32) * 2 ** 20) / PAGE);
    const memory = new WebAssembly.Memory(shared ? { initial, maximum: KERNELS_MAX_PAGES, shared: true } : { initial, maximum: KERNELS_MAX_PAGES });
    const module = await kernelModule(shared);
    const k = await instantiateKernels(module, memory);
    return new WasmHeap(memory, k, shared, module, opts.controlBytes ?? 0);
  }

  /** Start a new op: everything allocated since the last reset is free again. */
  reset(): void {
    this.top = this.base;
  }

  /** n 4-byte elements, 64-byte aligned, growing the memory when needed. */
  alloc(n: number): number {
    const ptr = this.top;
    const end = ptr + Math.ceil((n * 4) / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > KERNELS_MAX_PAGES)
        throw new Error(
          `WebAssembly kernels: an op needs ${(end / 2 ** 20).toFixed(0)} MiB, over the ${KERNELS_MAX_PAGES / 16} MiB limit; use smaller batches`,
        );
      this.memory.grow(Math.max(pages, Math.ceil(have / PAGE / 4))); // grow by at least 25 % to avoid many small grows
    }
    this.top = end;
    return ptr;
  }

  /** Copy a host array in; returns its pointer. */
  put(src: Float32Array): number {
    const ptr = this.alloc(src.length);
    this.f32().set(src, ptr >> 2);
    return ptr;
  }

  /** A live view of n floats at ptr (invalidated by the next alloc that grows the memory). */
  view(ptr: number, n: number): Float32Array {
    return this.f32().subarray(ptr >> 2, (ptr >> 2) + n);
  }

  /** A copy of n floats at ptr, into `into` when given. */
  take(ptr: number, n: number, into?: Float32Array): Float32Array {
    const v = this.view(ptr, n);
    if (into) {
      into.set(v);
      return into;
    }
    return v.slice();
  }

  private f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }
}
