// The full bin table behind ECE / MCE / ACE and the reliability diagram. Empty bins are kept and
// flagged (their acc, conf and gap are 0 and mean nothing), never silently dropped.

import { binEdges, binIndex, type Binning } from './binning';
import { checkShapes, correctness, topLabel } from './top_label';

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Fraction correct among the bin's examples. */
  accuracy: number;
  /** Mean top-label confidence of the bin's examples. */
  confidence: number;
  /** accuracy − confidence: positive = under-confident, negative = over-confident. */
  gap: number;
  empty: boolean;
  /**
   * Smallest and largest confidence among the bin's examples (absent for empty bins and for bins
   * rebuilt from a link): the diagram draws equal-mass bins over the confidences they hold, since
   * their outer edges 0 and 1 are conventions, not data.
   */
  minConf?: number;
  maxConf?: number;
}

export interface BinOptions {
  nBins: number;
  binning: Binning;
}

/** Bin table from top-label confidences and 0/1 correctness. */
export function reliabilityFromConfidences(conf: ArrayLike<number>, correct: ArrayLike<number>, opts: BinOptions): ReliabilityBin[] {
  const edges = binEdges(conf, opts.nBins, opts.binning);
  const count = new Float64Array(opts.nBins);
  const sumAcc = new Float64Array(opts.nBins);
  const sumConf = new Float64Array(opts.nBins);
  const minConf = new Float64Array(opts.nBins).fill(Number.POSITIVE_INFINITY);
  const maxConf = new Float64Array(opts.nBins).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < conf.length; i++) {
    const b = binIndex(edges, conf[i]);
    count[b] += 1;
    sumAcc[b] += correct[i];
    sumConf[b] += conf[i];
    minConf[b] = Math.min(minConf[b], conf[i]);
    maxConf[b] = Math.max(maxConf[b], conf[i]);
  }
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < opts.nBins; b++) {
    const empty = count[b] === 0;
    const accuracy = empty ? 0 : sumAcc[b] / count[b];
    const confidence = empty ? 0 : sumConf[b] / count[b];
    const range = empty ? {} : { minConf: minConf[b], maxConf: maxConf[b] };
    bins.push({ lo: edges[b], hi: edges[b + 1], count: count[b], accuracy, confidence, gap: empty ? 0 : accuracy - confidence, empty, ...range });
  }
  return bins;
}

/** Reliability-diagram data: one entry per bin (lo, hi, count, accuracy, mean confidence, gap, empty). */
export function reliabilityDiagram(probs: Float32Array, nClasses: number, labels: Int32Array, opts: BinOptions): ReliabilityBin[] {
  checkShapes(probs, nClasses, labels);
  const { pred, conf } = topLabel(probs, nClasses);
  return reliabilityFromConfidences(conf, correctness(pred, labels), opts);
}

export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
  correct: number;
  incorrect: number;
}

/** Histogram of top-label confidence on equal-width bins (same bin rule); split by correctness when labels are given. */
export function confidenceHistogram(probs: Float32Array, nClasses: number, nBins: number, labels?: Int32Array): HistogramBin[] {
  checkShapes(probs, nClasses, labels);
  const { pred, conf } = topLabel(probs, nClasses);
  const edges = binEdges(conf, nBins, 'width');
  const bins: HistogramBin[] = [];
  for (let b = 0; b < nBins; b++) bins.push({ lo: edges[b], hi: edges[b + 1], count: 0, correct: 0, incorrect: 0 });
  for (let i = 0; i < conf.length; i++) {
    const bin = bins[binIndex(edges, conf[i])];
    bin.count += 1;
    if (labels) {
      if (pred[i] === labels[i]) bin.correct += 1;
      else bin.incorrect += 1;
    }
  }
  return bins;
}
