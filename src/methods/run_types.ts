// What a method run takes and gives: its options, progress events, per-split predictions and the
// result (structured-clone friendly: it travels from the training worker to the page as is).
import type { MethodConfig } from './config';
import type { Wording } from './wording';
import type { PosteriorStats } from '../bayes/posterior_stats';
import type { ModelFamilyId } from '../model/families';
import type { DatasetIdentity } from '../data/dataset_identity';

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
  /**
   * Copy the training state to the host every this many optimizer steps (and when each loop ends),
   * so a lost GPU device resumes the run from there (methods/common/train_checkpoint.ts). Default 50;
   * 0 = only at the end of each loop.
   */
  checkpointEverySteps?: number;
  /** How refusals name settings: 'page' by the form's labels, 'cli' (default) by the flags. */
  wording?: Wording;
}

/** Test-split probabilities [N, C] of a SWAG posterior restricted to its last K deviations. */
export interface KSweepPoint {
  K: number;
  probs: Float32Array;
}

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
  phase: 'prepare' | 'map' | 'swag' | 'posthoc' | 'predict';
  /** What is going on when the steps are not optimizer steps (tokenizing, Monte-Carlo prediction). */
  what?: string;
  /** What the steps count then ('sample passes' when not given). */
  unit?: string;
  /** Measured seconds per example pass (training: forward + backward; forward only), for the queue's ETA. */
  secPerPass?: { train: number; forward: number };
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
  /**
   * The data set the run trained on: id, name, content hash and its class names in label-index
   * order. Every export names the classes after it (absent in runs stored before it was kept).
   */
  dataset?: DatasetIdentity;
  /** The encoder family of the model it was trained on (absent: BERT); exports name tensors after it. */
  family?: ModelFamilyId;
  /** Adapter tensors for export (safetensors names → data, shapes). */
  adapters: { name: string; shape: number[]; data: Float32Array }[];
  wallSeconds: number;
  /** Set when training stopped early (a diverging loss) and the last good state was kept. */
  warning?: string;
  /** Informational (e.g. early stopping kept the best validation state; a resume after a lost device). */
  note?: string;
  /** Each time the backend was lost and the run resumed from a checkpoint on another (train/resume_run.ts). */
  resumes?: RunResume[];
}

export interface RunResume {
  /** What failed (the device-lost message). */
  reason: string;
  /** The optimizer step the run had reached, and the checkpoint step it resumed from. */
  lostAtStep: number;
  fromStep: number;
  /** The backend it resumed on, in words (describeBackend). */
  backend: string;
  /** The sentence shown with the run. */
  note: string;
}
