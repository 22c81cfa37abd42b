// One training worker per tab. Runs are queued and started one at a time; the next starts when
// the current one finishes, is cancelled or fails. ONNX exports are requests beside the queue:
// the worker answers them between training steps.
import { specKey } from '../../model/source_description';
import { EMBEDDED_MODEL_ID } from '../../model/sources';
import type {
  BackendChoice,
  DatasetPayload,
  ExportOnnxReply,
  ModelInfo,
  ModelSourceSpec,
  RunReload,
  RunResult,
  TextPredictionReply,
  TextPredictionRequest,
  TrainOptions,
} from '../../train/protocol';
import type { MethodConfig } from '../../methods/config';
import { isPosteriorStatistic } from '../../export/run_tensors';
import { datasetIdentity } from '../../data/dataset_identity';
import { useLab } from '../runtime/lab_store';
import { startedLoad } from '../runtime/model_load';
import { TrainerClient, type WorkerMessage } from './trainer_client';
import { createTrainingWorker } from './worker_factory';
import { startSettingsProblem } from './start_check';
import { planRunWork } from '../../methods/common/work_plan';
import type { WorkPlan } from '../../methods/common/run_clock';
import { datasetHash } from '../../train/run_identity';
import { activePersistence } from '../runtime/run_persistence';
import { keepRunPayload } from '../runtime/run_payloads';
import type { RunInputs } from '../runtime/lab_store';
import { holdRunLock } from './run_locks';

/** A queued run: its data set at hand, or (a run a reload stopped) read back when its turn comes. */
interface Pending {
  runId: string;
  method: MethodConfig;
  options: TrainOptions;
  sizes: RunInputs['sizes'];
  dataset?: DatasetPayload;
  /** restore_runs.ts's prepareReload: the data set and checkpoint, or why the run cannot go on. */
  prepare?: () => Promise<{ dataset: DatasetPayload; options: TrainOptions; reloaded?: RunReload } | { problem: string }>;
  /** It was paused when the page went away: it goes on paused. */
  paused?: boolean;
}

let client: TrainerClient | null = null;
let initKey = '';
let modelKey = '';
let lastInit: { backend: BackendChoice; threads: number; model: ModelSourceSpec; label: string } | null = null;
let loadSeq = 0;
/** Model loads the panel waits for, by loadId. */
const modelWaits = new Map<number, { resolve: (m: ModelInfo) => void; reject: (e: Error) => void }>();
let queue: Pending[] = [];
let current: string | null = null;
/** The current run's start is not sent yet (its data set and checkpoint are being read back). */
let preparing = false;
/** Paused while preparing: the pause is sent right after the start. */
let pauseOnStart = false;
/** Releases the current run's Web Lock (run_locks.ts). */
let releaseLock = () => {};
let counter = 0;
const exports = new Map<string, { resolve: (r: OnnxFile) => void; reject: (e: Error) => void }>();

export interface OnnxFile {
  bytes: Uint8Array;
  description: string;
  /** The rest of the model folder: config.json and the tokenizer files. */
  files: Record<string, Uint8Array>;
}

function settleExport(msg: ExportOnnxReply): void {
  const pending = exports.get(msg.requestId);
  if (!pending) return;
  exports.delete(msg.requestId);
  if (msg.type === 'onnx') pending.resolve({ bytes: msg.bytes, description: msg.description, files: msg.files });
  else pending.reject(new Error(msg.message));
}

/**
 * A ready settles the loads up to its loadId; a model-error fails them (the held model stays); a
 * worker error outside a run (no backend, a crash) fails them all, so the panel never waits forever.
 */
function settleModelWaits(msg: WorkerMessage): void {
  const upTo = msg.type === 'ready' || msg.type === 'model-error' ? msg.loadId : msg.type === 'error' && !msg.runId ? loadSeq : undefined;
  if (upTo === undefined) return;
  for (const [id, w] of modelWaits) {
    if (id > upTo) continue;
    modelWaits.delete(id);
    if (msg.type === 'ready') w.resolve(msg.model);
    else w.reject(new Error(msg.type === 'model-error' || msg.type === 'error' ? msg.message : 'the model did not load'));
  }
}

/** Listeners for the worker's text-prediction replies (text_prediction_call.ts). */
const textListeners = new Set<(m: TextPredictionReply) => void>();

/** Hear the worker's answers to 'predict-text'; returns the unsubscribe. */
export function listenTextPredictions(fn: (m: TextPredictionReply) => void): () => void {
  textListeners.add(fn);
  return () => textListeners.delete(fn);
}

/** Send a text prediction request to the worker; false when no worker runs yet (no model loaded). */
export function sendTextPrediction(req: TextPredictionRequest): boolean {
  if (!client) return false;
  client.send(req);
  return true;
}

function onMessage(msg: WorkerMessage): void {
  if (msg.type === 'onnx' || msg.type === 'onnx-error') return settleExport(msg);
  if (msg.type === 'text-prediction' || msg.type === 'text-prediction-waiting' || msg.type === 'text-prediction-error') {
    for (const l of textListeners) l(msg);
    return;
  }
  if (msg.type === 'error' && !msg.recoverable) {
    for (const p of exports.values()) p.reject(new Error(msg.message));
    exports.clear();
  }
  settleModelWaits(msg);
  if (msg.type === 'checkpoint') return activePersistence()?.saveCheckpoint(msg);
  useLab.getState().handle(msg);
  const finished = msg.type === 'done' ? msg.result.runId : msg.type === 'cancelled' || (msg.type === 'error' && msg.runId) ? msg.runId : null;
  if (finished && finished === current) {
    current = null;
    releaseLock();
    startNext();
  }
}

const labelOf = (m: ModelSourceSpec) =>
  m.kind === 'hub' ? `hf:${m.id.trim()}` : m.kind === 'url' ? m.url : m.kind === 'files' ? (m.id ?? 'local files') : EMBEDDED_MODEL_ID;

/**
 * Creates the worker (once) and (re)initialises it when the backend or model changes; the worker
 * alone reads the model. A new model (or reload) shows as a model load in the lab store. Returns
 * the loadId sent, or null when nothing changed.
 */
export function initTrainer(backend: BackendChoice, threads: number, model: ModelSourceSpec, opts: { reload?: boolean; label?: string } = {}): number | null {
  try {
    if (!client) client = new TrainerClient(createTrainingWorker(), onMessage);
    const mKey = specKey(model);
    const key = `${backend}|${threads}|${mKey}`;
    if (key === initKey && !opts.reload) return null;
    const label = opts.label ?? labelOf(model);
    const loadId = ++loadSeq;
    if (opts.reload || mKey !== modelKey) useLab.getState().setModelLoad(startedLoad(loadId, label));
    initKey = key;
    modelKey = mKey;
    lastInit = { backend, threads, model, label };
    client.send({ type: 'init', backend, threads, model, loadId, reload: opts.reload });
    return loadId;
  } catch (e) {
    useLab.getState().setWorkerError(e instanceof Error ? e.message : String(e));
    return null;
  }
}

/** Loads (or reloads) a model in the worker; resolves with it once ready, rejects with its error. */
export function loadTrainerModel(backend: BackendChoice, threads: number, model: ModelSourceSpec, label?: string): Promise<ModelInfo> {
  const loadId = initTrainer(backend, threads, model, { reload: true, label });
  if (loadId === null) return Promise.reject(new Error(useLab.getState().workerError ?? 'the training worker could not start'));
  return new Promise((resolve, reject) => modelWaits.set(loadId, { resolve, reject }));
}

/** Loads the last model asked for again (after a failed download), without reloading the page. */
export function retryModelLoad(): Promise<ModelInfo> {
  if (!lastInit) return Promise.reject(new Error('no model was asked for yet'));
  return loadTrainerModel(lastInit.backend, lastInit.threads, lastInit.model, lastInit.label);
}

function startNext(): void {
  const next = queue.shift();
  if (!next || !client) return;
  current = next.runId;
  useLab.getState().setStatus(next.runId, 'running');
  if (next.dataset) return send(next.runId, next.method, next.dataset, next.options, undefined, next.paused);
  preparing = true;
  pauseOnStart = !!next.paused;
  if (pauseOnStart) useLab.getState().setStatus(next.runId, 'paused');
  void (next.prepare?.() ?? Promise.resolve({ problem: 'its data set is not at hand' }))
    .catch((e: unknown) => ({ problem: `its saved state could not be read (${e instanceof Error ? e.message : String(e)})` }))
    .then((r) => {
      if (current !== next.runId || !preparing) return; // cancelled meanwhile
      preparing = false;
      if ('problem' in r) {
        useLab.getState().requeue(next.runId, r.problem);
        current = null;
        return startNext();
      }
      send(next.runId, next.method, r.dataset, r.options, r.reloaded, pauseOnStart);
    });
}

function send(runId: string, method: MethodConfig, dataset: DatasetPayload, options: TrainOptions, reloaded?: RunReload, paused?: boolean): void {
  releaseLock = holdRunLock(runId);
  client?.send({ type: 'start', runId, method, dataset, options, ...(reloaded ? { reloaded } : {}) });
  if (paused) pauseRun();
}

/** Queues runs a page reload stopped (restore_runs.ts), after any queued now; starts the first if idle. */
export function requeueRuns(runs: Omit<Pending, 'dataset'>[]): void {
  for (const r of runs) {
    useLab.getState().requeue(r.runId);
    queue.push(r);
  }
  if (!current) startNext();
}

/** Settings the trainer would refuse: no run is created from them (the page's Start is off for the same reason). */
export class InvalidStartError extends Error {
  override name = 'InvalidStartError';
}

/**
 * Queues one run per (method, seed) and starts the first if idle. Returns the run ids. Settings
 * that the trainer would refuse (start_check.ts: the same checks, in the page's words) throw
 * InvalidStartError before any run is listed.
 */
export function startRuns(methods: MethodConfig[], seeds: number[], dataset: DatasetPayload, options: TrainOptions): string[] {
  const held = useLab.getState().model;
  const problem = startSettingsProblem({
    methods,
    seeds,
    trainExamples: dataset.train.length,
    run: { maxSteps: options.maxSteps ?? 0, maxExamples: 0, evalEverySteps: options.evalEverySteps, checkpointEverySteps: options.checkpointEverySteps ?? 0 },
    model: held ? { hidden: held.hidden, layers: held.layers } : null,
  });
  if (problem) throw new InvalidStartError(problem);
  options = { ...options, wording: 'page' };
  const ids: string[] = [];
  // The data set is kept once for the batch, so its runs can go on after a reload (restore_runs.ts).
  const sizes = { train: dataset.train.length, validation: dataset.validation.length, test: dataset.test.length, ood: dataset.ood.length };
  const inputs: RunInputs = { options, datasetHash: datasetHash(dataset), sizes };
  activePersistence()?.savePayload(inputs.datasetHash, dataset);
  keepRunPayload(inputs.datasetHash, dataset);
  for (const m of methods) {
    for (const seed of seeds.length ? seeds : [m.seed]) {
      const runId = `${m.id}-s${seed}-${Date.now().toString(36)}${(counter++).toString(36)}`;
      const method = { ...m, seed };
      // The run keeps its data set's identity and class names from now on (exports and labels read them, never the data set loaded later).
      useLab.getState().queueRun(runId, method, { dataset: dataset.name, data: datasetIdentity(dataset), modelId: useLab.getState().model?.id, inputs });
      queue.push({ runId, method, dataset, options, sizes });
      ids.push(runId);
    }
  }
  if (!current) startNext();
  return ids;
}

export function pauseRun(): void {
  if (current && preparing) {
    pauseOnStart = true;
    useLab.getState().setStatus(current, 'paused');
  } else if (current && client) {
    client.send({ type: 'pause', runId: current });
    useLab.getState().setStatus(current, 'paused');
  }
}

export function resumeRun(): void {
  if (current && preparing) {
    pauseOnStart = false;
    useLab.getState().setStatus(current, 'running');
  } else if (current && client) {
    client.send({ type: 'resume', runId: current });
    useLab.getState().setStatus(current, 'running');
  }
}

/** Cancels the running run and drops the queued ones. */
export function cancelRuns(): void {
  for (const p of queue) useLab.getState().setStatus(p.runId, 'cancelled');
  queue = [];
  if (current && preparing) {
    // Its start was never sent: nothing to tell the worker.
    useLab.getState().setStatus(current, 'cancelled');
    preparing = false;
    current = null;
    return;
  }
  if (current && client) client.send({ type: 'cancel', runId: current });
}

/** Test hook (e2e, reached through main.tsx's window.__bloraTest): the worker destroys its GPU device now. */
export function loseDeviceForTest(): void {
  client?.send({ type: 'lose-device' });
}

export function currentRunId(): string | null {
  return current;
}

/** The example passes each queued run will make (for the queue's ETA). */
export function queuedWork(): WorkPlan[] {
  return queue.map((p) => planRunWork(p.method, p.sizes, p.options, true));
}

/**
 * The run merged into the loaded base model as one model.onnx, built in the worker (which holds
 * the base weights). Posterior statistics stay on the page: the merge does not read them.
 */
export function exportRunOnnx(result: RunResult): Promise<OnnxFile> {
  if (!client) return Promise.reject(new Error('the training worker is not running; load a model first'));
  const requestId = `onnx-${Date.now().toString(36)}${(counter++).toString(36)}`;
  const c = client;
  return new Promise<OnnxFile>((resolve, reject) => {
    exports.set(requestId, { resolve, reject });
    c.send({
      type: 'export-onnx',
      requestId,
      runId: result.runId,
      method: result.method,
      adapters: result.adapters.filter((t) => !isPosteriorStatistic(t.name)),
      // The run's own data set names the head's classes (model_folder.ts headLabelNames); HF's LABEL_i where the run does not know them.
      dataset: result.dataset,
    });
  });
}
