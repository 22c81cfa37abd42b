// One training worker per tab. Runs are queued and started one at a time; the next starts when
// the current one finishes, is cancelled or fails. ONNX exports are requests beside the queue:
// the worker answers them between training steps.
import type { BackendChoice, DatasetPayload, ExportOnnxReply, RunResult, TrainOptions } from '../../train/protocol';
import type { MethodConfig } from '../../state/types';
import { isPosteriorStatistic } from '../../export/onnx/run_tensors';
import { useLab } from '../runtime/lab_store';
import { TrainerClient, type WorkerMessage } from './trainer_client';
import { createTrainingWorker } from './worker_factory';
import { planRunWork } from '../../methods/common/work_plan';
import type { WorkPlan } from '../../methods/common/run_clock';

interface Pending {
  runId: string;
  method: MethodConfig;
  dataset: DatasetPayload;
  options: TrainOptions;
}

let client: TrainerClient | null = null;
let initKey = '';
let queue: Pending[] = [];
let current: string | null = null;
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

function onMessage(msg: WorkerMessage): void {
  if (msg.type === 'onnx' || msg.type === 'onnx-error') return settleExport(msg);
  if (msg.type === 'error' && !msg.recoverable) {
    for (const p of exports.values()) p.reject(new Error(msg.message));
    exports.clear();
  }
  useLab.getState().handle(msg);
  const finished = msg.type === 'done' ? msg.result.runId : msg.type === 'cancelled' || (msg.type === 'error' && msg.runId) ? msg.runId : null;
  if (finished && finished === current) {
    current = null;
    startNext();
  }
}

/** Creates the worker (once) and (re)initialises it when the backend or model changes. */
export async function initTrainer(backend: BackendChoice, threads: number, modelBaseUrl: string, modelFiles?: File[]): Promise<void> {
  try {
    if (!client) client = new TrainerClient(createTrainingWorker(), onMessage);
    const key = `${backend}|${threads}|${modelBaseUrl}|${modelFiles?.map((f) => `${f.name}:${f.size}:${f.lastModified}`).join(',') ?? ''}`;
    if (key !== initKey) {
      initKey = key;
      client.send({ type: 'init', backend, threads, modelBaseUrl, modelFiles });
    }
  } catch (e) {
    useLab.getState().setWorkerError(e instanceof Error ? e.message : String(e));
  }
}

function startNext(): void {
  const next = queue.shift();
  if (!next || !client) return;
  current = next.runId;
  useLab.getState().setStatus(next.runId, 'running');
  client.send({ type: 'start', ...next });
}

/** Queues one run per (method, seed) and starts the first if idle. Returns the run ids. */
export function startRuns(methods: MethodConfig[], seeds: number[], dataset: DatasetPayload, options: TrainOptions): string[] {
  const ids: string[] = [];
  for (const m of methods) {
    for (const seed of seeds.length ? seeds : [m.seed]) {
      const runId = `${m.id}-s${seed}-${Date.now().toString(36)}${(counter++).toString(36)}`;
      const method = { ...m, seed };
      useLab.getState().queueRun(runId, method, { dataset: dataset.name, modelId: useLab.getState().model?.id });
      queue.push({ runId, method, dataset, options });
      ids.push(runId);
    }
  }
  if (!current) startNext();
  return ids;
}

export function pauseRun(): void {
  if (current && client) {
    client.send({ type: 'pause', runId: current });
    useLab.getState().setStatus(current, 'paused');
  }
}

export function resumeRun(): void {
  if (current && client) {
    client.send({ type: 'resume', runId: current });
    useLab.getState().setStatus(current, 'running');
  }
}

/** Cancels the running run and drops the queued ones. */
export function cancelRuns(): void {
  for (const p of queue) useLab.getState().setStatus(p.runId, 'cancelled');
  queue = [];
  if (current && client) client.send({ type: 'cancel', runId: current });
}

export function currentRunId(): string | null {
  return current;
}

/** The example passes each queued run will make (for the queue's ETA). */
export function queuedWork(): WorkPlan[] {
  return queue.map((p) => {
    const d = p.dataset;
    const sizes = { train: d.train.length, validation: d.validation.length, test: d.test.length, ood: d.ood.length };
    return planRunWork(p.method, sizes, p.options, true);
  });
}

/**
 * The run merged into the loaded base model as one model.onnx, built in the worker (which holds
 * the base weights). Posterior statistics stay on the page: the merge does not read them.
 */
export function exportRunOnnx(result: RunResult, labelNames?: string[]): Promise<OnnxFile> {
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
      labelNames,
    });
  });
}
