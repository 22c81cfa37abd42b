// Messages between the UI thread and the training worker (src/train/worker.ts).
// Everything here is structured-clone friendly: typed arrays travel, class instances do not.
import type { MethodConfig } from '../methods/config';
import type { PosteriorStats } from '../bayes/posterior_stats';

import type { BackendChoice } from '../engine/backend';
export type { BackendChoice };

export interface ExampleRow { text: string; textPair?: string; label: number }

/** A data set as the worker receives it: already parsed and mapped to class ids. */
export interface DatasetPayload {
  id: string;
  name: string;
  labelNames: string[];
  train: ExampleRow[];
  validation: ExampleRow[];
  test: ExampleRow[];
  /** Out-of-distribution examples (labels may be meaningless; only scores are used). */
  ood: ExampleRow[];
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

export interface TrainOptions {
  maxLength: number;
  /** Cap on training steps (tiny runs for tests and demos); undefined = full epochs. */
  maxSteps?: number;
  /** Evaluate on validation every this many steps (0 = once per epoch). */
  evalEverySteps: number;
  /** Cache the frozen layers' output per example when adapters start above layer 0 (default true). */
  frozenTrunk?: boolean;
  /** SWAG methods with K ≥ 2: also predict the test split with k = 0 … K deviations (default false). */
  kSweep?: boolean;
  /** Sampled methods: also predict with the single mean model, for the side-by-side curve (default true). */
  meanModel?: boolean;
}

/** Test-split probabilities [N, C] of a SWAG posterior restricted to its last K deviations. */
export interface KSweepPoint { K: number; probs: Float32Array }

export type ToWorker =
  /** The model comes from a base URL, or from files the user picked or dropped (File objects clone into the worker). */
  | { type: 'init'; backend: BackendChoice; modelBaseUrl: string; modelFiles?: File[]; /** WebAssembly kernel threads; 0 or absent = one per core. */ threads?: number }
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
}

/** The worker's answer to ExportOnnxRequest (kept out of FromWorker: it is no run event). */
export type ExportOnnxReply =
  | { type: 'onnx'; requestId: string; bytes: Uint8Array; description: string }
  | { type: 'onnx-error'; requestId: string; message: string };

export interface ProgressEvent {
  type: 'progress';
  runId: string;
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  lr: number;
  examplesPerSec: number;
  etaSec: number;
  phase: 'map' | 'swag' | 'posthoc' | 'predict';
}

/** Predictions on one split: row-major probabilities [N, C] of the method's predictive. */
export interface SplitPredictions {
  probs: Float32Array;
  labels: Int32Array;
  /** Per-example predictive entropy, mutual information (0 for deterministic methods), max prob. */
  entropy: Float32Array;
  mutualInfo: Float32Array;
  /** For Bayesian methods: the single model at the posterior mean, for the side-by-side curve. */
  meanModelProbs?: Float32Array;
  /** SWAG methods: the last iterate of the trajectory (the point-estimate baseline on the same schedule). */
  lastIterateProbs?: Float32Array;
}

export interface RunResult {
  runId: string;
  method: MethodConfig;
  nClasses: number;
  trainableParams: number;
  posteriorParams: number;
  test: SplitPredictions;
  validation?: SplitPredictions;
  ood?: SplitPredictions;
  /** SWAG low-rank covariance spectrum (descending), when the method has one. */
  covarianceEigenvalues?: number[];
  /** SWAG methods: effective rank, diagonal spread and drift of the SWA mean against the posterior spread. */
  posterior?: PosteriorStats;
  /** Test-split predictions over k = 0 … K (SWAG methods, when TrainOptions.kSweep). */
  kSweep?: KSweepPoint[];
  /** Adapter tensors for export (safetensors names → data, shapes). */
  adapters: { name: string; shape: number[]; data: Float32Array }[];
  wallSeconds: number;
  /** Set when training stopped early (a diverging loss) and the last good state was kept. */
  warning?: string;
  /** Informational (e.g. early stopping kept the best validation state). */
  note?: string;
}

export type FromWorker =
  | { type: 'ready'; backend: BackendInfo; model: { id: string; layers: number; hidden: number; vocab: number } }
  | ProgressEvent
  | { type: 'eval'; runId: string; step: number; split: 'validation'; loss: number; accuracy: number; ece: number; nll: number }
  | { type: 'done'; result: RunResult }
  | { type: 'cancelled'; runId: string }
  | { type: 'error'; runId?: string; code: string; message: string; recoverable: boolean };
