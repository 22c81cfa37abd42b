// Types shared by the UI, the trainer and the URL codec. The shareable part (ShareableState) is
// what a link carries; RuntimeState is what lives only in this tab (runs, errors, GPU info).
import type { BackendChoice } from '../engine/backend';

export type MethodKind =
  | 'lora'
  | 'lora-xs'
  | 'b-lora-xs'
  | 'swag-lora'
  | 'mc-dropout'
  | 'temperature'
  | 'ensemble'
  | 'laplace';

export const METHOD_KINDS: readonly MethodKind[] = [
  'lora', 'lora-xs', 'b-lora-xs', 'swag-lora', 'mc-dropout', 'temperature', 'ensemble', 'laplace',
];

/** Linear layers of a BERT block an adapter can target. */
export type AdaptTarget = 'query' | 'key' | 'value' | 'attn-out' | 'ffn-in' | 'ffn-out';

export const ADAPT_TARGETS: readonly AdaptTarget[] = ['query', 'key', 'value', 'attn-out', 'ffn-in', 'ffn-out'];

export type LaplaceStructure = 'diag' | 'full';
export type Binning = 'width' | 'mass';
export type BinCount = 10 | 15 | 20;
/** OOD score; by convention a higher score means "more likely out of distribution". */
export type OodScoreKind = 'entropy' | 'mi' | 'maxprob';

/** One method to train and evaluate. Fields a kind does not use are ignored by the trainer. */
export interface MethodConfig {
  /** Unique within the state; [a-z0-9-], 1–32 chars. */
  id: string;
  kind: MethodKind;
  /** Adapter rank (LoRA-XS family: R is r × r; LoRA: A is r × in, B is out × r). */
  r: number;
  /** Scale numerator: s = alpha / r. */
  alpha: number;
  targets: AdaptTarget[];
  /** Encoder layer indices to adapt; an empty list means every layer. */
  layers: number[];
  /** SWAG: deviation rows kept (max_num_models); 0 = diagonal-only. */
  K: number;
  /** SWAG sampling scale c (0.5 canonical, 2.0 in the b-lora-xs code; 0 = SWA mean). */
  c: number;
  /** Posterior / MC-dropout samples per prediction. */
  S: number;
  /** Ensemble size. */
  M: number;
  laplace: { structure: LaplaceStructure };
  lrAdapter: number;
  lrHead: number;
  weightDecay: number;
  epochs: number;
  batch: number;
  /** Epoch (0-based) at which the SWAG phase starts. */
  swagStart: number;
  swagAnnealEpochs: number;
  swagLr: number;
  /** SWAG collection period in optimizer steps (0 = once per epoch). */
  collectEverySteps: number;
  /** Dropout probability (MC dropout keeps it on at test time). */
  dropout: number;
  /**
   * Early stopping: stop when the validation NLL has not improved for this many evaluations and
   * keep the best state (0 = off). Point-estimate training only: it would cut a SWAG phase short.
   */
  earlyStopPatience: number;
  seed: number;
}

/** A data set: a built-in id, or a local file identified by content hash (never uploaded). */
export type DatasetRef =
  | { kind: 'builtin'; id: string }
  | { kind: 'local'; hash: string; name: string };

export interface ChartOptions {
  bins: BinCount;
  binning: Binning;
  oodScore: OodScoreKind;
}

/** Everything a shareable link carries. */
export interface ShareableState {
  modelId: string;
  dataset: DatasetRef;
  maxLength: number;
  methods: MethodConfig[];
  /** Seeds every method is run with (results are reported as median ± std over them). */
  seeds: number[];
  chart: ChartOptions;
  /** Run options a link carries once the user set them; custom 0 = the backend's quick defaults. */
  runOptions: RunOptionsState;
  selectedRunIds: string[];
  backend: BackendChoice;
  /** Kernel threads of the WebAssembly CPU backend; 0 = one per core (results do not depend on it). */
  cpuThreads: number;
}

/** One reliability-diagram bin as stored in a summary (lo < conf ≤ hi). */
export interface SummaryBin {
  lo: number;
  hi: number;
  count: number;
  acc: number;
  conf: number;
}

/** The compact result of one finished method run: small enough to ride in a link. */
export interface MethodSummary {
  methodId: string;
  kind: MethodKind;
  seed: number;
  accuracy: number;
  nll: number;
  ece: number;
  brier: number;
  mcc: number;
  /** Absent in links made before they were carried (summary v1 without 'x'/'y'). */
  mce?: number;
  ace?: number;
  /** OOD AUROC under the chart's score, when OOD data were evaluated. */
  auroc?: number;
  bins: SummaryBin[];
}

export interface RunSummary {
  /** Shared settings the results were produced with. */
  binning: Binning;
  nBins: number;
  oodScore: OodScoreKind;
  methods: MethodSummary[];
}

/** 'interrupted': the page was closed or reloaded while the run was queued or training. */
export type RunStatus = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'error' | 'interrupted';

/** A point of the metrics history (validation evaluations during training). */
export interface MetricsPoint {
  step: number;
  loss: number;
  accuracy?: number;
  ece?: number;
  nll?: number;
}

export interface RunOptionsState {
  custom: 0 | 1;
  /** Stop after this many optimizer steps (0 = all). */
  maxSteps: number;
  /** Seeded subset of at most this many examples per split (0 = all). */
  maxExamples: number;
  /** Validation every this many steps (0 = every epoch). */
  evalEverySteps: number;
  /** Re-predict SWAG methods over k = 0 … K (1 = on). */
  kSweep: 0 | 1;
}

export interface RunRecord {
  id: string;
  method: MethodConfig;
  status: RunStatus;
  /** 0 … 1 */
  progress: number;
  createdAt: number;
  summary?: MethodSummary;
  history: MetricsPoint[];
  error?: string;
}

export interface GpuInfo {
  available: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallback?: boolean;
  backendInUse?: 'cpu' | 'webgpu';
  reason?: string;
}

/** Per-tab state that never goes into a link. */
export interface RuntimeState {
  runs: Record<string, RunRecord>;
  errors: string[];
  gpu: GpuInfo | null;
  /** Warnings produced by decoding the link this page was opened with. */
  linkWarnings: string[];
  /** Results decoded from a link (shown without training). */
  sharedSummary: RunSummary | null;
}
