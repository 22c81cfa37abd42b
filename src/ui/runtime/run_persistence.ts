// Runs survive a reload and a browser restart: every run of the lab is written to IndexedDB
// (src/state/run_store.ts) when its status, its validation history or its result changes, and read
// back when the page opens. A run that was queued or training when the page went away comes back
// as 'interrupted' (its worker is gone; nothing resumes it: checkpoints live in the worker's memory
// and survive a lost GPU device, not a closed page). Each write is one IndexedDB transaction
// (run_store.ts: a run's whole record in one put; a delete removes its record and adapters together). Deleting a run deletes its record.
// Storage problems never stop the lab: they are reported once and the runs stay in memory.
import { openRunStore, type RunStore } from '../../state/run_store';
import { type LiveRun, useLab } from './lab_store';
import { type PersistedRun, readPersisted, toPersisted } from './persisted_run';

export type { PersistedRun } from './persisted_run';

export const LAB_RUNS_DB = 'blora-lab-runs';

/** What decides whether a run needs writing again (progress ticks alone do not; a rename does). */
const fingerprint = (r: LiveRun) => `${r.status}|${r.evals.length}|${r.result ? 1 : 0}|${r.error ?? ''}|${r.name ?? ''}|${r.resumes?.length ?? 0}`;

export interface RunPersistence {
  /** Resolves when the runs written so far are stored (tests). */
  flushed(): Promise<void>;
  stop(): void;
  /** Set when storage failed; the lab keeps working in memory. */
  error: string | null;
}

export async function startRunPersistence(opts: { factory?: IDBFactory; name?: string; onError?: (message: string) => void } = {}): Promise<RunPersistence> {
  let store: RunStore<PersistedRun>;
  const state: RunPersistence = { flushed: () => pending, stop: () => undefined, error: null };
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
  const unsubscribe = useLab.subscribe((s) => {
    for (const [id, r] of Object.entries(s.runs)) {
      const fp = fingerprint(r);
      if (saved.get(id) === fp) continue;
      saved.set(id, fp);
      const record = toPersisted(r);
      queue(() => store.saveRun(record).then(() => useLab.getState().markSaved(id, record.status)));
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
  };
  return state;
}

/** Storage in use and available to this origin, when the browser says (for display). */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  const est = await (globalThis.navigator as Navigator | undefined)?.storage?.estimate?.().catch(() => undefined);
  return est && est.usage !== undefined && est.quota !== undefined ? { usage: est.usage, quota: est.quota } : null;
}
