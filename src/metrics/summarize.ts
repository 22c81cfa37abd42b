// All metrics of one split at once, for the results table, the charts and the run summary.

import type { Binning, OodScoreKind } from './types';
import { eceFromBins, mceFromBins } from './calibration';
import { mccFromPredictions } from './mcc';
import { aupr, auroc } from './ood';
import { confidenceHistogram, reliabilityFromConfidences, type HistogramBin, type ReliabilityBin } from './reliability';
import { brier, nll } from './scores';
import { checkShapes, correctness, topLabel } from './top_label';
import { entropy, mutualInformation, oodScores } from './uncertainty';

/** Posterior-sample probabilities [S, N, C] of the same examples. */
export interface SampleProbs {
  data: Float32Array;
  nSamples: number;
}

export interface SummarizeOptions {
  /** Default 15 (torchmetrics); the reference code uses 20. */
  nBins?: number;
  /** Default 'width'. ACE always uses equal-mass bins of the same count. */
  binning?: Binning;
  /** Per-example MI of `probs` (e.g. SplitPredictions.mutualInfo), or the samples to compute it from. */
  mutualInfo?: ArrayLike<number>;
  samples?: SampleProbs;
  /** Out-of-distribution examples scored against the in-distribution ones. */
  ood?: { probs: Float32Array; mutualInfo?: ArrayLike<number>; samples?: SampleProbs };
  /** Default 'entropy'. Higher score = more likely OOD. */
  oodScore?: OodScoreKind;
}

export interface MetricsSummary {
  n: number;
  nClasses: number;
  accuracy: number;
  nll: number;
  brier: number;
  mcc: number;
  ece: number;
  mce: number;
  ace: number;
  nBins: number;
  binning: Binning;
  reliability: ReliabilityBin[];
  histogram: HistogramBin[];
  meanEntropy: number;
  /** Undefined when neither mutualInfo nor samples were given. */
  meanMutualInfo?: number;
  ood?: { score: OodScoreKind; auroc: number; aupr: number; nIn: number; nOod: number };
}

export function summarize(probs: Float32Array, nClasses: number, labels: Int32Array, opts: SummarizeOptions = {}): MetricsSummary {
  const n = checkShapes(probs, nClasses, labels);
  const nBins = opts.nBins ?? 15;
  const binning = opts.binning ?? 'width';
  const { pred, conf } = topLabel(probs, nClasses);
  const correct = correctness(pred, labels);
  const reliability = reliabilityFromConfidences(conf, correct, { nBins, binning });
  const massBins = reliabilityFromConfidences(conf, correct, { nBins, binning: 'mass' });
  let hits = 0;
  for (let i = 0; i < n; i++) hits += correct[i];
  const mi = miOf(probs, nClasses, opts.mutualInfo, opts.samples);
  const summary: MetricsSummary = {
    n,
    nClasses,
    accuracy: hits / n,
    nll: nll(probs, nClasses, labels),
    brier: brier(probs, nClasses, labels),
    mcc: mccFromPredictions(pred, labels, nClasses),
    ece: eceFromBins(reliability),
    mce: mceFromBins(reliability),
    ace: eceFromBins(massBins),
    nBins,
    binning,
    reliability,
    histogram: confidenceHistogram(probs, nClasses, nBins, labels),
    meanEntropy: mean(entropy(probs, nClasses)),
    meanMutualInfo: mi ? mean(mi) : undefined,
  };
  if (opts.ood) {
    const kind = opts.oodScore ?? 'entropy';
    const oodMi = miOf(opts.ood.probs, nClasses, opts.ood.mutualInfo, opts.ood.samples);
    const sIn = oodScores(probs, nClasses, kind, mi);
    const sOod = oodScores(opts.ood.probs, nClasses, kind, oodMi);
    summary.ood = { score: kind, auroc: auroc(sIn, sOod), aupr: aupr(sIn, sOod), nIn: sIn.length, nOod: sOod.length };
  }
  return summary;
}

function miOf(probs: Float32Array, nClasses: number, given?: ArrayLike<number>, samples?: SampleProbs): ArrayLike<number> | undefined {
  if (given) return given;
  if (!samples) return undefined;
  if (samples.data.length !== probs.length * samples.nSamples) {
    throw new RangeError(`samples hold ${samples.data.length} values, expected S·N·C = ${probs.length * samples.nSamples}`);
  }
  return mutualInformation(samples.data, samples.nSamples, nClasses);
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}
