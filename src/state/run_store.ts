// Finished and in-progress runs persisted in IndexedDB so they survive a reload: the run record
// (method, status, summary, metrics history) in 'runs', the adapter tensors as ArrayBuffers in
// 'adapters' (kept apart so listing runs never loads weights). For runs that go on after a reload:
// each run's latest training checkpoint in 'checkpoints' (written in one transaction with its run
// record, so a reload mid-write leaves the previous checkpoint whole), and the data sets queued runs
// train on in 'payloads', keyed by content hash (runs of one batch share one copy).

export const RUN_DB_VERSION = 2;
const RUNS = 'runs';
const ADAPTERS = 'adapters';
const CHECKPOINTS = 'checkpoints';
const PAYLOADS = 'payloads';

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

export interface RunStore<R extends StoredRunBase> {
  saveRun(run: R): Promise<void>;
  getRun(id: string): Promise<R | undefined>;
  /** All runs, oldest first. */
  listRuns(): Promise<R[]>;
  /** Deletes the run and its adapters. */
  deleteRun(id: string): Promise<void>;
  saveAdapters(runId: string, tensors: readonly AdapterTensor[]): Promise<void>;
  loadAdapters(runId: string): Promise<AdapterTensor[] | undefined>;
  /** The run's record and its latest checkpoint in one transaction (the checkpoint replaces the previous one). */
  saveCheckpoint<C extends { runId: string }>(run: R, checkpoint: C): Promise<void>;
  /** As stored: the caller checks it is whole before using it. */
  loadCheckpoint(runId: string): Promise<unknown>;
  deleteCheckpoint(runId: string): Promise<void>;
  savePayload(hash: string, payload: unknown): Promise<void>;
  loadPayload(hash: string): Promise<unknown>;
  /** Deletes the payloads whose hash is not in `keep`. */
  prunePayloads(keep: ReadonlySet<string>): Promise<void>;
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

export async function openRunStore<R extends StoredRunBase>(opts: { factory?: IDBFactory; name: string }): Promise<RunStore<R>> {
  const factory = opts.factory ?? globalThis.indexedDB;
  if (!factory) throw new Error('IndexedDB is not available: runs cannot be saved in this browser');
  const open = factory.open(opts.name, RUN_DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
    if (!db.objectStoreNames.contains(ADAPTERS)) db.createObjectStore(ADAPTERS, { keyPath: 'runId' });
    if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS, { keyPath: 'runId' });
    if (!db.objectStoreNames.contains(PAYLOADS)) db.createObjectStore(PAYLOADS, { keyPath: 'hash' });
  };
  const db = await request(open);
  // Another tab opening a newer version of the page must not wait on this one.
  db.onversionchange = () => db.close();

  const write = async (stores: string[], fn: (tx: IDBTransaction) => void): Promise<void> => {
    const tx = db.transaction(stores, 'readwrite');
    const finished = done(tx);
    try {
      fn(tx);
    } catch (e) {
      // A put that throws (a value that cannot be stored) must not let the transaction's other puts commit.
      finished.catch(() => undefined);
      tx.abort();
      throw e;
    }
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
      write([RUNS, ADAPTERS, CHECKPOINTS], (tx) => {
        tx.objectStore(RUNS).delete(id);
        tx.objectStore(ADAPTERS).delete(id);
        tx.objectStore(CHECKPOINTS).delete(id);
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
    saveCheckpoint: (run, checkpoint) =>
      write([RUNS, CHECKPOINTS], (tx) => {
        tx.objectStore(RUNS).put(run);
        tx.objectStore(CHECKPOINTS).put(checkpoint);
      }),
    loadCheckpoint: (runId) => request(db.transaction(CHECKPOINTS).objectStore(CHECKPOINTS).get(runId)),
    deleteCheckpoint: (runId) =>
      write([CHECKPOINTS], (tx) => {
        tx.objectStore(CHECKPOINTS).delete(runId);
      }),
    savePayload: (hash, payload) =>
      write([PAYLOADS], (tx) => {
        tx.objectStore(PAYLOADS).put({ hash, payload });
      }),
    loadPayload: async (hash) => ((await request(db.transaction(PAYLOADS).objectStore(PAYLOADS).get(hash))) as { payload?: unknown } | undefined)?.payload,
    prunePayloads: async (keep) => {
      const hashes = (await request(db.transaction(PAYLOADS).objectStore(PAYLOADS).getAllKeys())) as string[];
      const drop = hashes.filter((h) => !keep.has(h));
      if (drop.length)
        await write([PAYLOADS], (tx) => {
          for (const h of drop) tx.objectStore(PAYLOADS).delete(h);
        });
    },
    clear: () =>
      write([RUNS, ADAPTERS, CHECKPOINTS, PAYLOADS], (tx) => {
        for (const s of [RUNS, ADAPTERS, CHECKPOINTS, PAYLOADS]) tx.objectStore(s).clear();
      }),
    close: () => db.close(),
  };
}
