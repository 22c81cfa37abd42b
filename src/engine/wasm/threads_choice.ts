// How many kernel threads the WebAssembly CPU backend runs: the setting (0 = one per core, at most
// 8 by default), clamped to the machine's cores, and 1 where threads cannot run here (no shared
// memory outside a cross-origin-isolated page, or a thread that may not block).
import { availableCores, MAX_THREADS, threadCanBlock } from './thread_pool';
import { sharedMemoryAvailable } from './wasm_heap';

const DEFAULT_MAX = 8;

export interface ThreadsChoice {
  threads: number;
  /** Why fewer threads run than were asked for, when they do. */
  note?: string;
}

export async function chooseThreads(requested: number): Promise<ThreadsChoice> {
  if (!Number.isInteger(requested) || requested < 0) throw new Error(`the thread count must be 0 (auto) or a positive integer, got ${requested}`);
  const cores = Math.max(1, await availableCores());
  const want = requested === 0 ? Math.min(cores, DEFAULT_MAX) : requested;
  if (want <= 1) return { threads: 1 };
  if (!sharedMemoryAvailable()) return { threads: 1, note: 'no shared memory here (the page is not cross-origin isolated), so 1 thread' };
  if (!threadCanBlock()) return { threads: 1, note: "this thread may not block (a page's main thread), so 1 thread" };
  const limit = Math.min(cores, MAX_THREADS);
  if (want > limit)
    return { threads: limit, note: `${want} threads asked for, this machine offers ${cores} core${cores === 1 ? '' : 's'}: clamped to ${limit}` };
  return { threads: want };
}
