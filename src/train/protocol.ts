// Messages between the UI thread and the training worker (src/train/worker.ts).
// Everything here is structured-clone friendly: typed arrays travel, class instances do not.
import type { MethodConfig } from '../methods/config';
import type { DatasetPayload, ExampleRow } from '../data/payload';
import type { DatasetIdentity } from '../data/dataset_identity';
import type { ProgressEvent, RunResult, TrainOptions } from '../methods/run_types';
import type { StoredCheckpoints } from '../methods/common/checkpoint_codec';

export type { ExampleRow, DatasetPayload } from '../data/payload';
export type { TrainOptions, KSweepPoint, ProgressEvent, SplitPredictions, RunResult } from '../methods/run_types';

import type { BackendChoice } from '../engine/backend';
import type { BertConfig } from '../model/config';
import type { LoadedFile } from '../model/loader';
import type { ModelSourceSpec } from '../model/source_description';
export type { BackendChoice, ModelSourceSpec };

/** What the page shows of the model the worker loaded (the page never reads the files itself). */
export interface ModelInfo {
  id: string;
  /** The encoder family's name (families.ts), e.g. "RoBERTa". */
  family: string;
  layers: number;
  hidden: number;
  vocab: number;
  config: BertConfig;
  sizeBytes: number;
  tokenizerFile: string;
  files: LoadedFile[];
}

export interface BackendInfo {
  kind: 'cpu' | 'webgpu';
  /** Adapter description when WebGPU is in use or was rejected. */
  adapter?: { vendor: string; architecture: string; description: string; isFallback: boolean };
  /** Why the CPU backend was chosen, when it was. */
  reason?: string;
  /** Which kernels the CPU backend runs: 'wasm-simd' (fast) or 'typescript' (the reference twins). */
  cpuKernels?: 'wasm-simd' | 'typescript';
  /** Kernel threads of the WebAssembly backend, and why fewer than asked for run (clamped, no shared memory). */
  threads?: number;
  threadsNote?: string;
}

export type ToWorker =
  /**
   * Set the backend and load the model: the worker alone downloads (with retries, progress and the
   * model cache) and parses it. A model it already holds is not read again unless reload is set.
   * Picked or dropped files travel as File objects inside the spec.
   */
  | {
      type: 'init';
      backend: BackendChoice;
      /** WebAssembly kernel threads; 0 or absent = one per core. */
      threads?: number;
      model: ModelSourceSpec;
      /** Names this load in its progress, error and ready messages. */
      loadId: number;
      reload?: boolean;
    }
  | { type: 'start'; runId: string; method: MethodConfig; dataset: DatasetPayload; options: TrainOptions; reloaded?: RunReload }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'cancel'; runId: string }
  /** Test hook (e2e): destroy the GPU device now, as a driver reset would lose it. */
  | { type: 'lose-device' }
  | ExportOnnxRequest
  | TextPredictionRequest;

/** What identifies a checkpoint's run (src/train/run_identity.ts): it resumes only where all three match. */
export interface CheckpointIdentity {
  settingsHash: string;
  datasetHash: string;
  modelHash: string;
}

/** A run checkpoint as the worker sends it and the page keeps it (IndexedDB), with what it must match. */
export interface RunCheckpoint extends CheckpointIdentity {
  runId: string;
  step: number;
  state: StoredCheckpoints;
}

/**
 * A start that goes on with a run a page reload stopped: from `checkpoint` (refused, with the reason,
 * unless complete and matching the run's settings, data set and model), or from the start when
 * no checkpoint had been taken.
 */
export interface RunReload {
  /** Why the run stopped, as its note will say ("the page was reloaded"). */
  reason: string;
  checkpoint?: RunCheckpoint;
  /** Without a checkpoint: why there is none, for the note ("no checkpoint had been taken yet"). */
  noCheckpoint?: string;
}

/**
 * Export a finished run as one merged model.onnx (src/export/onnx) from the worker's loaded base
 * weights. Read-only: it runs between training steps and leaves the run queue alone.
 */
export interface ExportOnnxRequest {
  type: 'export-onnx';
  requestId: string;
  runId: string;
  method: MethodConfig;
  adapters: RunResult['adapters'];
  /** The data the run trained on: its class names label config.json (id2label; HF's LABEL_i without them), never the data set loaded now. */
  dataset?: DatasetIdentity;
}

/** The worker's answer to ExportOnnxRequest (kept out of FromWorker: it is no run event). */
export type ExportOnnxReply =
  /** files: the rest of the model folder (config.json, tokenizer files, README.md: src/export/onnx/model_folder.ts). */
  | { type: 'onnx'; requestId: string; bytes: Uint8Array; description: string; files: Record<string, Uint8Array> }
  | { type: 'onnx-error'; requestId: string; message: string };

/**
 * Try a sentence (train/text_prediction.ts): predict one text with finished runs, each rebuilt in the
 * worker from its stored tensors. Answered between runs: while a run trains, the request waits
 * (only the newest one: the page drops older answers by requestId anyway).
 */
export interface TextPredictionRequest {
  type: 'predict-text';
  requestId: number;
  text: string;
  textPair?: string;
  runs: TextPredictionRun[];
}

export interface TextPredictionRun {
  runId: string;
  method: MethodConfig;
  nClasses: number;
  adapters: RunResult['adapters'];
  /** The run's maximum sequence length (its TrainOptions.maxLength). */
  maxLength: number;
  /** The text is test example `index` of this run's test split; `batch` holds the rows of its evaluation batch (MC dropout's masks depend on them). */
  example?: { index: number; batch: ExampleRow[] };
}

/** One run's prediction of the text: mean probabilities [C], the entropy split, and the S samples' probabilities [S, C]. */
export type TextPredictionAnswer =
  | {
      runId: string;
      probs: Float32Array;
      entropy: number;
      expectedEntropy: number;
      mutualInfo: number;
      samples: Float32Array;
      S: number;
      /** Tokens the text became (after truncation), [CLS] and [SEP] included. */
      tokens: number;
    }
  | { runId: string; error: string };

export type TextPredictionReply =
  | { type: 'text-prediction'; requestId: number; runs: TextPredictionAnswer[] }
  /** A run is training: the request is answered when it ends. */
  | { type: 'text-prediction-waiting'; requestId: number; runId: string }
  | { type: 'text-prediction-error'; requestId: number; message: string };

export type FromWorker =
  /** Backend and a model are ready; loadId when the model is the one that init asked for. */
  | { type: 'ready'; backend: BackendInfo; model: ModelInfo; loadId?: number }
  /** Bytes of one model file so far (throttled). */
  | { type: 'model-progress'; loadId: number; file: string; received: number; total?: number; fromCache: boolean }
  /** The model of that load failed; the worker keeps the model it had, if any. */
  | { type: 'model-error'; loadId: number; code: string; message: string; file?: string }
  | ProgressEvent
  | { type: 'eval'; runId: string; step: number; split: 'validation'; loss: number; accuracy: number; ece: number; nll: number }
  /**
   * The GPU device was lost and the run goes on from its last checkpoint on `backend` (src/train/resume_run.ts):
   * `loss` and `evals` are its history up to that checkpoint, replacing what was shown.
   */
  | {
      type: 'resumed';
      runId: string;
      note: string;
      step: number;
      backend: BackendInfo;
      loss: { step: number; loss: number }[];
      evals: { step: number; loss: number; accuracy: number; ece: number; nll: number }[];
    }
  /** A checkpoint was taken: the page keeps it so the run can go on after a reload. */
  | ({ type: 'checkpoint' } & RunCheckpoint)
  | { type: 'done'; result: RunResult }
  | { type: 'cancelled'; runId: string }
  | { type: 'error'; runId?: string; code: string; message: string; recoverable: boolean };
