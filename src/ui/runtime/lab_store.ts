// Per-tab runtime state of the lab that never goes into a link: the worker's backend, live
// progress, loss/validation histories and the full results (typed arrays) of finished runs.
import { create } from 'zustand';
import type { BackendInfo, FromWorker, ModelInfo, ProgressEvent, RunResult, TrainOptions } from '../../train/protocol';
import type { RunStatus } from '../../state/types';
import type { MethodConfig } from '../../methods/config';
import { nextModelLoad, type ModelLoad } from './model_load';
import type { DatasetIdentity } from '../../data/dataset_identity';
import { renameProblem } from './run_label';

export interface LiveRun {
  runId: string;
  method: MethodConfig;
  status: RunStatus;
  progress: ProgressEvent | null;
  loss: { step: number; loss: number }[];
  evals: { step: number; loss: number; accuracy: number; ece: number; nll: number }[];
  result?: RunResult;
  error?: string;
  /** When the run was queued (ms since the epoch): the order runs are listed and kept in. */
  createdAt?: number;
  /** The data set and model the run trained on, as named when it was queued. */
  dataset?: string;
  modelId?: string;
  /**
   * The data set's identity and class names (label-index order) when the run was queued; absent in
   * runs stored before it was kept (their class names are unknown: run_dataset.ts).
   */
  data?: DatasetIdentity;
  /** A name the user gave the run; unset shows the default label (runLabel). */
  name?: string;
  /** The status of the run's last stored record (absent until stored, and without IndexedDB). */
  savedStatus?: RunStatus;
  /** The step of the run's last checkpoint stored for a reload (this page load's). */
  savedCheckpointStep?: number;
  /** Each time the run's GPU device was lost and it resumed from a checkpoint (shown while it runs; the result's note keeps them). */
  resumes?: string[];
  /** What the run needs to start again in a new page load: its run options and its data set, kept by content hash (absent in runs saved before). */
  inputs?: RunInputs;
}

export interface RunInputs {
  options: TrainOptions;
  /** run_identity.ts's datasetHash of the payload it trains on (kept in the run store's 'payloads'). */
  datasetHash: string;
  /** Examples per split (the queue's ETA before the data set is read again). */
  sizes: { train: number; validation: number; test: number; ood: number };
}

export type WorkerModel = ModelInfo;

export interface LabState {
  backend: BackendInfo | null;
  model: WorkerModel | null;
  /** The model load in progress or failed (null once the model is ready). */
  modelLoad: ModelLoad | null;
  workerError: string | null;
  /** Why runs are not being saved in this browser, when they are not. */
  storageError: string | null;
  runs: Record<string, LiveRun>;
  order: string[];
  queueRun: (runId: string, method: MethodConfig, on?: { dataset?: string; data?: DatasetIdentity; modelId?: string; inputs?: RunInputs }) => void;
  /** Runs restored from storage, placed by creation time; runs already here are left alone. */
  hydrate: (runs: LiveRun[]) => void;
  deleteRun: (runId: string) => void;
  /**
   * Names a run; a blank name goes back to the default label. A name another run's label already
   * has is refused (run names stay unique): the answer is why, or null when the run was renamed.
   */
  renameRun: (runId: string, name: string) => string | null;
  /** The persistence layer stored the run with this status (the page shows whether a run is saved). */
  markSaved: (runId: string, status: RunStatus, checkpointStep?: number) => void;
  setStatus: (runId: string, status: RunStatus) => void;
  /** A run a reload stopped, queued again (ui/run/restore_runs.ts); `problem`: it cannot go on, and stays interrupted saying why. */
  requeue: (runId: string, problem?: string) => void;
  handle: (msg: FromWorker) => void;
  setWorkerError: (e: string | null) => void;
  setModelLoad: (l: ModelLoad | null) => void;
  setStorageError: (e: string | null) => void;
  clearRuns: () => void;
}

const patch = (s: LabState, runId: string, f: (r: LiveRun) => Partial<LiveRun>): Partial<LabState> => {
  const r = s.runs[runId];
  return r ? { runs: { ...s.runs, [runId]: { ...r, ...f(r) } } } : {};
};

export const useLab = create<LabState>()((set, get) => ({
  backend: null,
  model: null,
  modelLoad: null,
  workerError: null,
  storageError: null,
  runs: {},
  order: [],
  queueRun: (runId, method, on = {}) =>
    set((s) => ({
      runs: { ...s.runs, [runId]: { runId, method, status: 'queued', progress: null, loss: [], evals: [], createdAt: Date.now(), ...on } },
      order: [...s.order, runId],
    })),
  hydrate: (restored) =>
    set((s) => {
      const fresh = restored.filter((r) => !s.runs[r.runId]);
      if (!fresh.length) return {};
      const runs = { ...s.runs };
      for (const r of fresh) runs[r.runId] = r;
      const order = [...fresh.map((r) => r.runId), ...s.order].sort((a, b) => (runs[a].createdAt ?? 0) - (runs[b].createdAt ?? 0));
      return { runs, order };
    }),
  deleteRun: (runId) =>
    set((s) => {
      if (!s.runs[runId]) return {};
      const runs = { ...s.runs };
      delete runs[runId];
      return { runs, order: s.order.filter((id) => id !== runId) };
    }),
  renameRun: (runId, name) => {
    const s = get();
    const problem = renameProblem(
      runId,
      name,
      s.order.map((id) => s.runs[id]),
    );
    if (!problem) set((s) => patch(s, runId, () => ({ name: name.trim() || undefined })));
    return problem;
  },
  markSaved: (runId, status, checkpointStep) =>
    set((s) => patch(s, runId, () => (checkpointStep === undefined ? { savedStatus: status } : { savedStatus: status, savedCheckpointStep: checkpointStep }))),
  setStatus: (runId, status) => set((s) => patch(s, runId, () => ({ status }))),
  requeue: (runId, problem) =>
    set((s) => patch(s, runId, () => (problem ? { status: 'interrupted', error: resumeRefused(problem) } : { status: 'queued', error: undefined }))),
  setWorkerError: (workerError) => set({ workerError }),
  setModelLoad: (modelLoad) => set({ modelLoad }),
  setStorageError: (storageError) => set({ storageError }),
  clearRuns: () => set({ runs: {}, order: [] }),
  handle: (msg) =>
    set((s) => {
      switch (msg.type) {
        case 'ready':
          return { backend: msg.backend, model: msg.model, workerError: null, modelLoad: nextModelLoad(s.modelLoad, msg) };
        case 'model-progress':
        case 'model-error':
          return { modelLoad: nextModelLoad(s.modelLoad, msg) };
        case 'progress':
          return patch(s, msg.runId, (r) => ({
            status: r.status === 'paused' ? 'paused' : 'running',
            progress: msg,
            // Only optimizer steps are loss points (tokenizing, post-hoc fits and prediction count other things).
            loss: NOT_STEPS.has(msg.phase) ? r.loss : appendLoss(r.loss, msg.step, msg.loss),
          }));
        case 'eval':
          return patch(s, msg.runId, (r) => ({ evals: [...r.evals, { step: msg.step, loss: msg.loss, accuracy: msg.accuracy, ece: msg.ece, nll: msg.nll }] }));
        case 'resumed':
          // The curves go back to the checkpoint: the steps after it run again and report again.
          return {
            backend: msg.backend,
            ...patch(s, msg.runId, (r) => ({ loss: msg.loss, evals: msg.evals, resumes: [...(r.resumes ?? []), msg.note] })),
          };
        case 'checkpoint':
          // Kept by the run persistence (trainer_controller.ts hands it over); nothing changes here (no re-render).
          return s;
        case 'done':
          return patch(s, msg.result.runId, () => ({ status: 'done', result: msg.result }));
        case 'cancelled':
          return patch(s, msg.runId, () => ({ status: 'cancelled' }));
        case 'error':
          // A run that cannot go on after a reload stays interrupted, with its history, saying why.
          if (msg.runId && msg.code === 'resume-refused') return patch(s, msg.runId, () => ({ status: 'interrupted', error: resumeRefused(msg.message) }));
          if (msg.runId) return patch(s, msg.runId, () => ({ status: 'error', error: `${msg.message} (${msg.code})` }));
          return { workerError: `${msg.message} (${msg.code})`, modelLoad: nextModelLoad(s.modelLoad, msg) };
      }
    }),
}));

/** The message of a run that could not go on after a page reload. */
export const resumeRefused = (why: string) =>
  `Interrupted: the page was closed or reloaded, and the run cannot resume because ${why}. Its settings and curves are kept.`;

/** Progress phases whose steps are not optimizer steps. */
const NOT_STEPS = new Set<ProgressEvent['phase']>(['prepare', 'posthoc', 'predict']);

/** Keep the curve bounded: thin to every other point past 2,000. */
function appendLoss(loss: LiveRun['loss'], step: number, value: number): LiveRun['loss'] {
  return loss.length > 2000 ? [...loss.filter((_, i) => i % 2 === 0), { step, loss: value }] : [...loss, { step, loss: value }];
}
