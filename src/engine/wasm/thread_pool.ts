// Kernel threads over one shared WebAssembly memory: T − 1 workers (Web Workers in the browser,
// worker_threads in Node) each instantiate the shared-memory kernel module on the same memory, and
// the calling thread runs the first share itself. A call is "run export F with these arguments" per
// thread; shares are cut by the caller (wasm_kernels.ts), so workers hold no knowledge of any op.
//
// Control block (in the shared memory, below the arena): i32[0] sequence number (workers wait on
// it), i32[1] finished workers, i32[2] error flag; then one slot per thread of f64 words
// [export index, argc, args…]. Atomics.wait/notify synchronise; the caller blocks, so threads need a
// thread that may block (a worker or Node's main thread; a page's main thread may not).

export const THREAD_EXPORTS = ['gemm', 'gelu', 'geluBackward', 'dropoutScale', 'attentionForward', 'attentionBackward'] as const;
export type ThreadExport = (typeof THREAD_EXPORTS)[number];

const SLOT_BYTES = 256;
const MAX_ARGS = SLOT_BYTES / 8 - 2;
export const MAX_THREADS = 16;
/** Bytes the control block needs at the start of the shared memory. */
export const CONTROL_BYTES = 64 + MAX_THREADS * SLOT_BYTES;

// Plain JavaScript, run as a classic Web Worker (from a Blob URL) or an eval'd worker_threads worker.
const WORKER_SOURCE = `
const nodePort = typeof self === 'undefined' ? require('node:worker_threads').parentPort : null;
const post = (m) => nodePort ? nodePort.postMessage(m) : self.postMessage(m);
const onInit = async (m) => {
  const { module, memory, index, ctrl, names } = m;
  try {
    const inst = await WebAssembly.instantiate(module, { env: { memory, abort() { throw new Error('wasm kernel abort'); } } });
    const fns = names.map((n) => inst.exports[n]);
    const i32 = new Int32Array(memory.buffer, ctrl, 16);
    const slot = new Float64Array(memory.buffer, ctrl + 64 + index * ${SLOT_BYTES}, ${SLOT_BYTES / 8});
    post({ ready: true });
    let seen = Atomics.load(i32, 0);
    for (;;) {
      Atomics.wait(i32, 0, seen);
      const now = Atomics.load(i32, 0);
      if (now === seen) continue;
      seen = now;
      if (seen < 0) return;
      const fn = slot[0] | 0;
      if (fn >= 0) {
        try { fns[fn](...slot.subarray(2, 2 + (slot[1] | 0))); } catch (e) { Atomics.store(i32, 2, 1); }
      }
      Atomics.add(i32, 1, 1);
      Atomics.notify(i32, 1);
    }
  } catch (e) { post({ error: String(e && e.message || e) }); }
};
if (nodePort) nodePort.once('message', onInit); else self.onmessage = (e) => { self.onmessage = null; onInit(e.data); };
`;

interface AnyWorker {
  terminate(): unknown;
}

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; window?: unknown; WorkerGlobalScope?: unknown };
  return !!g.process?.versions?.node && g.window === undefined && g.WorkerGlobalScope === undefined;
}

/** Whether this thread may block in Atomics.wait (a page's main thread may not). */
export function threadCanBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The machine's logical cores as this runtime reports them. */
export async function availableCores(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  if (isNode()) {
    const name = 'node:os';
    const os = (await import(/* @vite-ignore */ name)) as typeof import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  }
  return 1;
}

async function spawn(init: unknown): Promise<AnyWorker> {
  if (isNode()) {
    const name = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref(); // an idle kernel thread must not keep a CLI or a test process alive
    await new Promise<void>((resolve, reject) => {
      w.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new Error(m.error))));
      w.once('error', reject);
      w.postMessage(init);
    });
    return w;
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  await new Promise<void>((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ ready?: boolean; error?: string }>) => (e.data.ready ? resolve() : reject(new Error(e.data.error)));
    w.onerror = (e) => reject(new Error(e.message || 'kernel worker failed to start'));
    w.postMessage(init);
  });
  return w;
}

export class KernelThreadPool {
  private readonly i32: Int32Array;
  private readonly slots: Float64Array[];
  private destroyed = false;
  /** Calls that ran split across threads (tests check that the parallel paths ran). */
  parallelCalls = 0;

  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly ctrl: number,
    private readonly workers: AnyWorker[],
    private readonly local: Record<ThreadExport, (...a: number[]) => void>,
  ) {
    this.i32 = new Int32Array(memory.buffer, ctrl, 16);
    this.slots = Array.from({ length: workers.length + 1 }, (_, t) => new Float64Array(memory.buffer, ctrl + 64 + t * SLOT_BYTES, SLOT_BYTES / 8));
  }

  /** Total threads, the caller included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  static async create(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    ctrl: number,
    threads: number,
    local: Record<ThreadExport, (...a: number[]) => void>,
  ): Promise<KernelThreadPool> {
    if (threads < 2 || threads > MAX_THREADS) throw new Error(`kernel threads: ${threads} is outside 2 … ${MAX_THREADS}`);
    new Int32Array(memory.buffer, ctrl, 16).fill(0);
    const workers: AnyWorker[] = [];
    try {
      for (let t = 1; t < threads; t++) workers.push(await spawn({ module, memory, index: t, ctrl, names: THREAD_EXPORTS }));
    } catch (err) {
      for (const w of workers) w.terminate();
      throw err;
    }
    return new KernelThreadPool(memory, ctrl, workers, local);
  }

  /** Runs calls[t] on thread t (calls[0] on this thread) and returns when all are done. */
  run(fn: ThreadExport, calls: number[][]): void {
    if (this.destroyed) throw new Error('kernel threads were shut down');
    if (calls.length > this.threads) throw new Error(`kernel threads: ${calls.length} shares for ${this.threads} threads`);
    const index = THREAD_EXPORTS.indexOf(fn);
    this.parallelCalls++;
    for (let t = 1; t < this.threads; t++) {
      const s = this.slots[t],
        args = calls[t];
      if (!args) {
        s[0] = -1;
        continue;
      }
      if (args.length > MAX_ARGS) throw new Error(`kernel threads: ${fn} has ${args.length} arguments, at most ${MAX_ARGS}`);
      s[0] = index;
      s[1] = args.length;
      s.set(args, 2);
    }
    Atomics.store(this.i32, 1, 0);
    Atomics.store(this.i32, 2, 0);
    Atomics.add(this.i32, 0, 1);
    Atomics.notify(this.i32, 0);
    if (calls[0]) this.local[fn](...calls[0]);
    const need = this.workers.length;
    for (let done = Atomics.load(this.i32, 1); done < need; done = Atomics.load(this.i32, 1)) Atomics.wait(this.i32, 1, done);
    if (Atomics.load(this.i32, 2)) throw new Error(`a kernel thread failed in ${fn}`);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    Atomics.store(this.i32, 0, -1);
    Atomics.notify(this.i32, 0);
    for (const w of this.workers) w.terminate();
  }
}
