// One interface for every method the lab compares (issue 5): a module validates its
// hyper-parameters, trains, and returns a TrainedMethod that predicts with its own predictive.
import type { Backend } from '../../engine/backend';
import type { WorkKind } from './run_clock';
import type { BertConfig } from '../../model/config';
import type { BertTokenizer } from '../../model/tokenizer';
import type { TensorMap } from '../../model/safetensors';
import type { ModelFamilyId } from '../../model/families';
import type { MethodConfig, MethodInfo, MethodKind } from '../config';
import type { PosteriorStats } from '../../bayes/posterior_stats';
import type { TokenizedSplit } from './batches';
import type { TrunkFeatures } from './frozen_trunk';
import type { RunHistory, TrainCheckpoints } from './train_checkpoint';
import type { KSweepPoint, ProgressEvent, SplitPredictions, TrainOptions } from '../run_types';

export interface ModelBundle {
  id: string;
  config: BertConfig;
  tokenizer: BertTokenizer;
  weights: TensorMap;
  /** The encoder family (families.ts; absent: BERT): its exports name tensors and inputs after it. */
  family?: ModelFamilyId;
  /** Frozen-trunk features from onnxruntime-web (model.onnx); the engine computes them otherwise. */
  trunk?: TrunkFeatures;
}

export interface TokenizedData {
  train: TokenizedSplit;
  validation: TokenizedSplit;
  test: TokenizedSplit;
  ood: TokenizedSplit;
  nClasses: number;
}

export interface RunHooks {
  progress(e: Omit<ProgressEvent, 'type' | 'runId'>): void;
  evaluated?(e: { step: number; loss: number; accuracy: number; ece: number; nll: number }): void;
  /** Called between steps: resolves when the run may go on (pause), throws RunCancelled to stop. */
  checkpoint(): Promise<void>;
  /** `examples` passes of one kind just finished (the run's ETA clock counts them; see common/run_clock.ts). */
  did?(kind: WorkKind, examples: number): void;
  /**
   * The backend was lost and the run goes on from its last checkpoint on another one (train/resume_run.ts):
   * `history` is the loss and validation history up to that checkpoint (later points will come again).
   * `reloaded`: the run goes on in a new page load (the steps up to the checkpoint were trained in the earlier one).
   */
  resumed?(e: { note: string; step: number; lostAtStep: number; backend: string; history: RunHistory; reloaded?: boolean }): void;
}

export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

export interface MethodContext {
  be: Backend;
  model: ModelBundle;
  data: TokenizedData;
  method: MethodConfig;
  options: TrainOptions;
  hooks: RunHooks;
  /** Where the train loops keep their checkpoints (absent: none are taken). */
  checkpoints?: TrainCheckpoints;
}

export interface TrainedMethod {
  trainableParams: number;
  /** Numbers the method stores for prediction beyond the frozen model (posterior statistics, members). */
  posteriorParams: number;
  predict(split: TokenizedSplit): Promise<SplitPredictions>;
  /** Adapter and posterior tensors for export (safetensors names). */
  exportTensors(): Promise<TensorMap>;
  covarianceEigenvalues?(): Promise<number[]>;
  /** SWAG methods: the posterior shown directly (spectrum, effective rank, drift against spread). */
  posteriorStats?(): Promise<PosteriorStats>;
  /** SWAG methods: predictions on `split` with the posterior cut to k = 0 … K deviations. */
  kSweep?(split: TokenizedSplit): Promise<KSweepPoint[]>;
  /** Set when training stopped early (e.g. a diverging loss) and the last good state was kept. */
  warning?: string;
  /** Informational: e.g. early stopping kept the best validation state. */
  note?: string;
  release(): void;
}

/** How a method trains: what each method file exports. */
export interface MethodTrainer {
  kind: MethodKind;
  train(ctx: MethodContext): Promise<TrainedMethod>;
}

/** A method with everything about it: its catalog entry (names, traits, counts) and its trainer. */
export type MethodModule = MethodTrainer & MethodInfo;
