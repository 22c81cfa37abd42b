// Runs survive a reload and a browser restart: every run of the lab is written to IndexedDB
// (src/state/run_store.ts) when its status, its validation history or its result changes, and read
// back when the page opens. A run that was queued or training when the page went away comes back
// as 'interrupted' until ui/run/restore_runs.ts starts it again: the worker's checkpoints are kept
// here too (saveCheckpoint, each in one transaction with the run's record), and the data set each
// queued run trains on (savePayload, by content hash). Each write is one IndexedDB transaction
// (run_store.ts: a run's whole record in one put; a delete removes its record, adapters and checkpoint together).
// A run that ends drops its checkpoint; data sets no unfinished run needs are dropped when the page opens.
// Storage problems never stop the lab: they are reported once and the runs stay in memory.
import { openRunStore, type RunStore } from '../../state/run_store';
import type { DatasetPayload, RunCheckpoint } from '../../train/protocol';
import { type LiveRun, useLab } from './lab_store';
import { type PersistedRun, readPersisted, toPersisted } from './persisted_run';

export const LAB_RUNS_DB = 'blora-lab-runs';

/** What decides whether a run needs writing again (progress ticks alone do not; a rename does). */
const fingerprint = (r: LiveRun) => `${r.status}|${r.evals.length}|${r.result ? 1 : 0}|${r.error ?? ''}|${r.name ?? ''}|${r.resumes?.length ?? 0}`;

export interface RunPersistence {
  /** Resolves when the runs written so far are stored (tests). */
  flushed(): Promise<void>;
  stop(): void;
  /** Set when storage failed; the lab keeps working in memory. */
  error: string | null;
  /** Keeps the run's latest checkpoint, in one transaction with its record. */
  saveCheckpoint(ck: RunCheckpoint): void;
  /** Keeps the data set queued runs train on, under its content hash. */
  savePayload(hash: string, payload: DatasetPayload): void;
  /** As stored (undefined when absent); restore_runs.ts checks them before use. */
  loadCheckpoint(runId: string): Promise<unknown>;
  loadPayload(hash: string): Promise<unknown>;
}

/** Runs whose checkpoint and data set are no longer needed once stored with this status. */
const ENDED = new Set(['done', 'cancelled', 'error', 'interrupted']);

/** The persistence the page started (main.tsx), for the trainer to hand checkpoints to. */
let active: RunPersistence | null = null;
export const activePersistence = (): RunPersistence | null => active;

export async function startRunPersistence(opts: { factory?: IDBFactory; name?: string; onError?: (message: string) => void } = {}): Promise<RunPersistence> {
  let store: RunStore<PersistedRun>;
  const none = async () => undefined;
  const state: RunPersistence = {
    flushed: () => pending,
    stop: () => undefined,
    error: null,
    saveCheckpoint: () => undefined,
    savePayload: () => undefined,
    loadCheckpoint: none,
    loadPayload: none,
  };
  let pending: Promise<void> = Promise.resolve();
  const fail = (e: unknown) => {
    if (state.error) return;
    state.error = `Runs cannot be saved in this browser (${(e as Error)?.message ?? e}); they are kept until the page closes.`;
    opts.onError?.(state.error);
  };
  try {
    store = await openRunStore<PersistedRun>({ factory: opts.factory, name: opts.name ?? LAB_RUNS_DB });
    useLab.getState().hydrate((await store.listRuns()).map((raw) => readPersisted(raw)));
  } catch (e) {
    fail(e);
    return state;
  }
  // Ask the browser not to evict the runs under storage pressure (best effort).
  void (globalThis.navigator as Navigator | undefined)?.storage?.persist?.().catch(() => undefined);
  const saved = new Map<string, string>();
  for (const [id, r] of Object.entries(useLab.getState().runs)) saved.set(id, fingerprint(r));
  const queue = (f: () => Promise<void>) => {
    pending = pending.then(f).catch(fail);
  };
  // Data sets kept for runs that ended in an earlier visit are not needed any more.
  const needed = new Set(
    Object.values(useLab.getState().runs).flatMap((r) => (r.inputs && r.savedStatus && !ENDED.has(r.savedStatus) ? [r.inputs.datasetHash] : [])),
  );
  queue(() => store.prunePayloads(needed));
  const newest = new Map<string, { record: PersistedRun; stored: RunCheckpoint & { savedAt: number } }>();
  state.saveCheckpoint = ({ runId, step, settingsHash, datasetHash, modelHash, state: ck }) => {
    const r = useLab.getState().runs[runId];
    if (!r || ENDED.has(r.status)) return;
    const record = toPersisted(r);
    saved.set(runId, fingerprint(r));
    const stored: RunCheckpoint & { savedAt: number } = { runId, step, settingsHash, datasetHash, modelHash, state: ck, savedAt: Date.now() };
    // When writes fall behind (fast steps, a slow disk), only the newest checkpoint of a run is written.
    const waiting = newest.has(runId);
    newest.set(runId, { record, stored });
    if (waiting) return;
    queue(async () => {
      const next = newest.get(runId);
      newest.delete(runId);
      if (!next) return;
      await store.saveCheckpoint(next.record, next.stored);
      useLab.getState().markSaved(runId, next.record.status, next.stored.step);
    });
  };
  state.savePayload = (hash, payload) => queue(() => store.savePayload(hash, payload));
  state.loadCheckpoint = (runId) => pending.then(() => store.loadCheckpoint(runId));
  state.loadPayload = (hash) => pending.then(() => store.loadPayload(hash));
  const unsubscribe = useLab.subscribe((s) => {
    for (const [id, r] of Object.entries(s.runs)) {
      const fp = fingerprint(r);
      if (saved.get(id) === fp) continue;
      saved.set(id, fp);
      const record = toPersisted(r);
      queue(async () => {
        await store.saveRun(record);
        if (ENDED.has(record.status)) await store.deleteCheckpoint(id);
        useLab.getState().markSaved(id, record.status);
      });
    }
    for (const id of [...saved.keys()]) {
      if (s.runs[id]) continue;
      saved.delete(id);
      queue(() => store.deleteRun(id));
    }
  });
  state.stop = () => {
    unsubscribe();
    store.close();
    if (active === state) active = null;
  };
  active = state;
  return state;
}

/** Storage in use and available to this origin, when the browser says (for display). */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  const est = await (globalThis.navigator as Navigator | undefined)?.storage?.estimate?.().catch(() => undefined);
  return est && est.usage !== undefined && est.quota !== undefined ? { usage: est.usage, quota: est.quota } : null;
}
