// Types shared by the UI, the trainer and the URL codec. The shareable part (ShareableState) is
// what a link carries; RuntimeState is what lives only in this tab (the link's warnings and shared results).
import type { BackendChoice } from '../engine/backend';

import type { MethodConfig, MethodKind } from '../methods/config';
import type { BinCount, Binning, OodScoreKind } from '../metrics/types';

import type { DatasetRef } from '../data/dataset_ref';

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
  /** The run's label as its page showed it (method, r, K, c, seed or the user's name); absent in older links. */
  label?: string;
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
  /** Copy the training state to the host every this many steps, to resume after a lost GPU device (0 = at each loop's end only). */
  checkpointEverySteps: number;
}

/** Per-tab state that never goes into a link. */
export interface RuntimeState {
  /** Warnings produced by decoding the link this page was opened with. */
  linkWarnings: string[];
  /** Results decoded from a link (shown without training). */
  sharedSummary: RunSummary | null;
}
