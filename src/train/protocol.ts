// Messages between the UI thread and the training worker (src/train/worker.ts).
// Everything here is structured-clone friendly: typed arrays travel, class instances do not.
import type { MethodConfig } from '../methods/config';
import type { DatasetPayload } from '../data/payload';
import type { ProgressEvent, RunResult, TrainOptions } from '../methods/run_types';

export type { ExampleRow, DatasetPayload } from '../data/payload';
export type { TrainOptions, KSweepPoint, ProgressEvent, SplitPredictions, RunResult } from '../methods/run_types';

import type { BackendChoice } from '../engine/backend';
export type { BackendChoice };

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
  /** The model comes from a base URL, or from files the user picked or dropped (File objects clone into the worker). */
  | {
      type: 'init';
      backend: BackendChoice;
      modelBaseUrl: string;
      modelFiles?: File[] /** WebAssembly kernel threads; 0 or absent = one per core. */;
      threads?: number;
    }
  | { type: 'start'; runId: string; method: MethodConfig; dataset: DatasetPayload; options: TrainOptions }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'cancel'; runId: string }
  | ExportOnnxRequest;

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
  /** The run's label names, for the folder's config.json (id2label); HF's LABEL_i without them. */
  labelNames?: string[];
}

/** The worker's answer to ExportOnnxRequest (kept out of FromWorker: it is no run event). */
export type ExportOnnxReply =
  /** files: the rest of the model folder (config.json, tokenizer files, README.md: src/export/onnx/model_folder.ts). */
  | { type: 'onnx'; requestId: string; bytes: Uint8Array; description: string; files: Record<string, Uint8Array> }
  | { type: 'onnx-error'; requestId: string; message: string };

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo; model: { id: string; layers: number; hidden: number; vocab: number } }
  | ProgressEvent
  | { type: 'eval'; runId: string; step: number; split: 'validation'; loss: number; accuracy: number; ece: number; nll: number }
  | { type: 'done'; result: RunResult }
  | { type: 'cancelled'; runId: string }
  | { type: 'error'; runId?: string; code: string; message: string; recoverable: boolean };
