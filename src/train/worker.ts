// The training worker: owns the backend and the model, so the UI thread never blocks. It runs one
// run at a time; the queue of runs lives on the page (src/ui/run/trainer_controller.ts), which
// sends the next start when this one ends. Pause and cancel act between steps.
/// <reference lib="webworker" />
import type { Backend } from '../engine/backend';
import { isGpuError } from '../gpu/errors';
import { RunCancelled, type ModelBundle, type RunHooks } from '../methods/common/types';
import { mergedModelFolder } from '../export/onnx/model_folder';
import { createBackend, describeBackend, type CreatedBackend } from './backend_factory';
import { recoveryFor } from './backend_recovery';
import { ModelHost, Superseded, throttleProgress } from './model_host';
import type { BackendChoice, ExportOnnxReply, ExportOnnxRequest, FromWorker, TextPredictionReply, TextPredictionRequest, ToWorker } from './protocol';
import { TextPredictor } from './text_prediction';
import { runMethod, tokenizeDataset, withDataset } from './run_method';
import type { TrainCheckpoints } from '../methods/common/train_checkpoint';
import { continuationFor } from './run_continuation';
import { datasetHash, modelFingerprint, settingsHash } from './run_identity';
import { prepareProgress } from '../methods/common/prepare_progress';
import { throttleRunProgress } from './progress_throttle';

type StartMsg = Extract<ToWorker, { type: 'start' }>;
type InitMsg = Extract<ToWorker, { type: 'init' }>;

const post = (m: FromWorker | ExportOnnxReply | TextPredictionReply, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

let choice: BackendChoice = 'auto';
let threads = 0;
let created: CreatedBackend | null = null;
const models = new ModelHost();
let model: ModelBundle | null = null;
/** The run in progress (one at a time: the page owns the queue). */
let active: string | null = null;
const control = new Map<string, { paused: boolean; cancelled: boolean; resume?: () => void }>();
/** Try a sentence: finished runs rebuilt for prediction, the newest request not yet answered, and the prediction in progress. */
const texts = new TextPredictor();
let pendingText: TextPredictionRequest | null = null;
let textLane: Promise<void> = Promise.resolve();
let textBusy = false;

async function ensureBackend(): Promise<Backend> {
  if (created && !created.gpu?.isLost) return created.backend;
  hold(await createBackend(choice, undefined, { threads }));
  return created!.backend;
}

function hold(c: CreatedBackend): void {
  created = c;
  c.gpu?.onError((e) => {
    // A run in progress resumes on a new backend and says so itself ('resumed').
    if (e.code === 'device-lost' && !active)
      post({ type: 'error', code: 'device-lost', message: `${e.message}. The GPU will be set up again for the next run.`, recoverable: true });
  });
}

function hooksFor(runId: string): RunHooks {
  const c = control.get(runId)!;
  return {
    progress: throttleRunProgress((e) => post({ type: 'progress', runId, ...e })),
    evaluated: (e) => post({ type: 'eval', runId, split: 'validation', ...e }),
    resumed: (e) =>
      created && post({ type: 'resumed', runId, note: e.note, step: e.step, backend: created.info, loss: e.history.loss, evals: e.history.evals }),
    async checkpoint() {
      // Yield to the event loop so pause/cancel messages arrive even when every backend call
      // resolves synchronously (the CPU backend).
      await new Promise<void>((r) => setTimeout(r, 0));
      if (c.cancelled) throw new RunCancelled();
      if (c.paused)
        await new Promise<void>((r) => {
          c.resume = r;
        });
      if (c.cancelled) throw new RunCancelled();
    },
  };
}

async function runOne(msg: StartMsg): Promise<void> {
  const { runId } = msg;
  try {
    if (!model) throw Object.assign(new Error('the model is not loaded yet'), { code: 'no-model' });
    const be = await ensureBackend();
    const identity = { settingsHash: settingsHash(msg.method, msg.options), datasetHash: datasetHash(msg.dataset), modelHash: modelFingerprint(model) };
    const continues = msg.reloaded && continuationFor(msg.reloaded, identity, describeBackend(created!.info));
    const data = tokenizeDataset(model, msg.dataset, msg.options.maxLength, (done, total) =>
      post({ type: 'progress', runId, ...prepareProgress('tokenizing', 'examples', done, total) }),
    );
    // A lost device: a new one (or the CPU backend) becomes the worker's backend, and the run resumes on it.
    const recovery = recoveryFor(choice, { threads }, hold);
    // Each checkpoint goes to the page, which keeps it in IndexedDB for a reload (a copy: the worker keeps its own for a lost device).
    const onCheckpoint = (c: TrainCheckpoints) => {
      const state = c.toStored();
      if (state) post({ type: 'checkpoint', runId, step: state.latest.step, ...identity, state });
    };
    const result = await runMethod(be, model, data, runId, msg.method, msg.options, hooksFor(runId), recovery, { continues, onCheckpoint });
    // The result names its data and classes: exports take them from the run, not from the data set loaded later.
    post({ type: 'done', result: await withDataset(result, msg.dataset) });
  } catch (err) {
    if (err instanceof RunCancelled) post({ type: 'cancelled', runId });
    else {
      const e = err as Error & { code?: string };
      const code = isGpuError(err) ? err.code : (e.code ?? 'run-failed');
      post({ type: 'error', runId, code, message: e.message, recoverable: true });
    }
  } finally {
    control.delete(runId);
  }
}

/**
 * Merge a finished run into the loaded base model and send back model.onnx. Synchronous host
 * work on the base weights (never modified) and the run's tensors: with the CPU backend it runs
 * between two training steps, and it never touches the backend or the run in progress.
 */
function exportOnnx(msg: ExportOnnxRequest): void {
  try {
    if (!model) throw new Error('the model is not loaded yet');
    // The model folder; the worker holds the parsed tokenizer, not its files: they are written from it.
    const {
      files: { 'model.onnx': bytes, ...files },
      description,
    } = mergedModelFolder(model, msg);
    post({ type: 'onnx', requestId: msg.requestId, bytes, description, files }, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    post({ type: 'onnx-error', requestId: msg.requestId, message: err instanceof Error ? err.message : String(err) });
  }
}

async function start(msg: StartMsg): Promise<void> {
  if (active) {
    post({ type: 'error', runId: msg.runId, code: 'busy', message: `run ${active} is still in progress; start the next one when it ends`, recoverable: true });
    return;
  }
  active = msg.runId;
  control.set(msg.runId, { paused: false, cancelled: false });
  // A text request not yet answered now waits for this run.
  if (pendingText) post({ type: 'text-prediction-waiting', requestId: pendingText.requestId, runId: msg.runId });
  try {
    // A text prediction in progress finishes first: the two never share the backend.
    await textLane;
    await runOne(msg);
  } finally {
    active = null;
    drainText();
  }
}

/** A text to predict: answered now, or (a run is training) when the run ends; only the newest request waits. */
function predictText(msg: TextPredictionRequest): void {
  pendingText = msg;
  if (active) post({ type: 'text-prediction-waiting', requestId: msg.requestId, runId: active });
  else drainText();
}

function drainText(): void {
  if (textBusy || !pendingText || active) return;
  textBusy = true;
  textLane = (async () => {
    try {
      while (pendingText && !active) {
        const req = pendingText;
        pendingText = null;
        try {
          if (!model) throw new Error('the model is not loaded yet');
          const be = await ensureBackend();
          post({ type: 'text-prediction', requestId: req.requestId, runs: await texts.predict(be, model, req) });
        } catch (err) {
          post({ type: 'text-prediction-error', requestId: req.requestId, message: err instanceof Error ? err.message : String(err) });
        }
      }
    } finally {
      textBusy = false;
    }
  })();
}

/**
 * Backend and model for an init. The model is read only here (the page gets its summary in
 * 'ready'); a failed model load is reported as 'model-error' and the model held before stays.
 */
async function init(msg: InitMsg): Promise<void> {
  const nextThreads = msg.threads ?? 0;
  if (!created || choice !== msg.backend || threads !== nextThreads) {
    choice = msg.backend;
    threads = nextThreads;
    texts.clear();
    created?.backend.destroy();
    created = null;
  }
  const progress = throttleProgress((file, p) => post({ type: 'model-progress', loadId: msg.loadId, file, ...p }));
  const [held, backend] = await Promise.allSettled([models.get(msg.model, { reload: msg.reload, onProgress: progress }), ensureBackend()]);
  if (held.status === 'rejected') {
    if (held.reason instanceof Superseded) return;
    const e = held.reason as Error & { code?: string; file?: string };
    post({ type: 'model-error', loadId: msg.loadId, code: e.code ?? 'init-failed', message: e.message ?? String(e), file: e.file });
  }
  if (models.current) model = models.current.bundle;
  if (backend.status === 'rejected') {
    const e = backend.reason as Error & { code?: string };
    post({ type: 'error', code: e.code ?? 'init-failed', message: e.message, recoverable: true });
    return;
  }
  const current = models.current;
  if (!current || !created) return;
  post({ type: 'ready', backend: created.info, model: current.info, loadId: held.status === 'fulfilled' ? msg.loadId : undefined });
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'init':
      void init(msg);
      return;
    case 'start':
      void start(msg);
      return;
    case 'pause': {
      const c = control.get(msg.runId);
      if (c) c.paused = true;
      return;
    }
    case 'resume': {
      const c = control.get(msg.runId);
      if (c) {
        c.paused = false;
        c.resume?.();
        c.resume = undefined;
      }
      return;
    }
    case 'cancel': {
      const c = control.get(msg.runId);
      if (c) {
        c.cancelled = true;
        c.resume?.();
      }
      return;
    }
    case 'export-onnx':
      exportOnnx(msg);
      return;
    case 'predict-text':
      predictText(msg);
      return;
    case 'lose-device':
      created?.gpu?.device.destroy();
      return;
  }
};
