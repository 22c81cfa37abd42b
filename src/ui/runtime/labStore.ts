// Per-tab runtime state of the lab that never goes into a link: the worker's backend, live
// progress, loss/validation histories and the full results (typed arrays) of finished runs.
import { create } from 'zustand';
import type { BackendInfo, FromWorker, ProgressEvent, RunResult } from '../../train/protocol';
import type { MethodConfig, RunStatus } from '../../state/types';

export interface LiveRun {
  runId: string;
  method: MethodConfig;
  status: RunStatus;
  progress: ProgressEvent | null;
  loss: { step: number; loss: number }[];
  evals: { step: number; loss: number; accuracy: number; ece: number; nll: number }[];
  result?: RunResult;
  error?: string;
}

export interface WorkerModel { id: string; layers: number; hidden: number; vocab: number }

export interface LabState {
  backend: BackendInfo | null;
  model: WorkerModel | null;
  workerError: string | null;
  runs: Record<string, LiveRun>;
  order: string[];
  queueRun: (runId: string, method: MethodConfig) => void;
  setStatus: (runId: string, status: RunStatus) => void;
  handle: (msg: FromWorker) => void;
  setWorkerError: (e: string | null) => void;
  clearRuns: () => void;
}

const patch = (s: LabState, runId: string, f: (r: LiveRun) => Partial<LiveRun>): Partial<LabState> => {
  const r = s.runs[runId];
  return r ? { runs: { ...s.runs, [runId]: { ...r, ...f(r) } } } : {};
};

export const useLab = create<LabState>()((set) => ({
  backend: null,
  model: null,
  workerError: null,
  runs: {},
  order: [],
  queueRun: (runId, method) =>
    set((s) => ({ runs: { ...s.runs, [runId]: { runId, method, status: 'queued', progress: null, loss: [], evals: [] } }, order: [...s.order, runId] })),
  setStatus: (runId, status) => set((s) => patch(s, runId, () => ({ status }))),
  setWorkerError: (workerError) => set({ workerError }),
  clearRuns: () => set({ runs: {}, order: [] }),
  handle: (msg) =>
    set((s) => {
      switch (msg.type) {
        case 'ready':
          return { backend: msg.backend, model: msg.model, workerError: null };
        case 'progress':
          return patch(s, msg.runId, (r) => ({
            status: r.status === 'paused' ? 'paused' : 'running',
            progress: msg,
            // Keep the curve bounded: thin to every other point past 2,000.
            loss: r.loss.length > 2000 ? [...r.loss.filter((_, i) => i % 2 === 0), { step: msg.step, loss: msg.loss }] : [...r.loss, { step: msg.step, loss: msg.loss }],
          }));
        case 'eval':
          return patch(s, msg.runId, (r) => ({ evals: [...r.evals, { step: msg.step, loss: msg.loss, accuracy: msg.accuracy, ece: msg.ece, nll: msg.nll }] }));
        case 'done':
          return patch(s, msg.result.runId, () => ({ status: 'done', result: msg.result }));
        case 'cancelled':
          return patch(s, msg.runId, () => ({ status: 'cancelled' }));
        case 'error':
          if (msg.runId) return patch(s, msg.runId, () => ({ status: 'error', error: `${msg.message} (${msg.code})` }));
          return { workerError: `${msg.message} (${msg.code})` };
      }
    }),
}));
