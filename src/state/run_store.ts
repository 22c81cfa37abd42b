// Finished and in-progress runs persisted in IndexedDB so they survive a reload: the run record
// (method, status, summary, metrics history) in 'runs', the adapter tensors as ArrayBuffers in
// 'adapters' (kept apart so listing runs never loads weights).

import type { RunRecord } from './types';

export const RUN_DB_NAME = 'blora-playground';
export const RUN_DB_VERSION = 1;
const RUNS = 'runs';
const ADAPTERS = 'adapters';

export interface AdapterTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface StoredAdapters {
  runId: string;
  tensors: { name: string; shape: number[]; data: ArrayBuffer }[];
}

/** What the store keeps per run: anything structured-clonable with an id and a creation time. */
export interface StoredRunBase {
  id: string;
  createdAt: number;
}

export interface RunStore<R extends StoredRunBase = RunRecord> {
  saveRun(run: R): Promise<void>;
  getRun(id: string): Promise<R | undefined>;
  /** All runs, oldest first. */
  listRuns(): Promise<R[]>;
  /** Deletes the run and its adapters. */
  deleteRun(id: string): Promise<void>;
  saveAdapters(runId: string, tensors: readonly AdapterTensor[]): Promise<void>;
  loadAdapters(runId: string): Promise<AdapterTensor[] | undefined>;
  clear(): Promise<void>;
  close(): void;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function openRunStore<R extends StoredRunBase = RunRecord>(opts: { factory?: IDBFactory; name?: string } = {}): Promise<RunStore<R>> {
  const factory = opts.factory ?? globalThis.indexedDB;
  if (!factory) throw new Error('IndexedDB is not available: runs cannot be saved in this browser');
  const open = factory.open(opts.name ?? RUN_DB_NAME, RUN_DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
    if (!db.objectStoreNames.contains(ADAPTERS)) db.createObjectStore(ADAPTERS, { keyPath: 'runId' });
  };
  const db = await request(open);

  const write = async (stores: string[], fn: (tx: IDBTransaction) => void): Promise<void> => {
    const tx = db.transaction(stores, 'readwrite');
    const finished = done(tx);
    fn(tx);
    await finished;
  };

  return {
    saveRun: (run) =>
      write([RUNS], (tx) => {
        tx.objectStore(RUNS).put(run);
      }),
    getRun: async (id) => (await request(db.transaction(RUNS).objectStore(RUNS).get(id))) as R | undefined,
    listRuns: async () => (await request(db.transaction(RUNS).objectStore(RUNS).index('createdAt').getAll())) as R[],
    deleteRun: (id) =>
      write([RUNS, ADAPTERS], (tx) => {
        tx.objectStore(RUNS).delete(id);
        tx.objectStore(ADAPTERS).delete(id);
      }),
    saveAdapters: (runId, tensors) => {
      // Copy each tensor into its own ArrayBuffer: a view into a larger buffer would store all of it.
      const stored: StoredAdapters = {
        runId,
        tensors: tensors.map((t) => ({ name: t.name, shape: [...t.shape], data: t.data.slice().buffer as ArrayBuffer })),
      };
      return write([ADAPTERS], (tx) => {
        tx.objectStore(ADAPTERS).put(stored);
      });
    },
    loadAdapters: async (runId) => {
      const s = (await request(db.transaction(ADAPTERS).objectStore(ADAPTERS).get(runId))) as StoredAdapters | undefined;
      return s?.tensors.map((t) => ({ name: t.name, shape: t.shape, data: new Float32Array(t.data) }));
    },
    clear: () =>
      write([RUNS, ADAPTERS], (tx) => {
        tx.objectStore(RUNS).clear();
        tx.objectStore(ADAPTERS).clear();
      }),
    close: () => db.close(),
  };
}
