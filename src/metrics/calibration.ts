// Calibration errors over the bin table (docs/METHOD.md §5).
// ECE = Σ_b (n_b / N) |acc_b − conf_b|; MCE = max over non-empty bins of |acc_b − conf_b|;
// ACE = ECE with equal-mass bins.

import type { Binning } from './binning';
import { reliabilityDiagram, type ReliabilityBin } from './reliability';

/** ECE from a bin table; 0 when the table holds no examples. */
export function eceFromBins(bins: readonly ReliabilityBin[]): number {
  let n = 0,
    sum = 0;
  for (const b of bins) {
    n += b.count;
    if (!b.empty) sum += b.count * Math.abs(b.gap);
  }
  return n === 0 ? 0 : sum / n;
}

/** MCE from a bin table; 0 when every bin is empty. */
export function mceFromBins(bins: readonly ReliabilityBin[]): number {
  let m = 0;
  for (const b of bins) if (!b.empty) m = Math.max(m, Math.abs(b.gap));
  return m;
}

export interface CalibrationOptions {
  /** 10, 15 or 20 in the UI; any positive integer works. */
  nBins: number;
  binning: Binning;
}

export function ece(probs: Float32Array, nClasses: number, labels: Int32Array, opts: CalibrationOptions): number {
  return eceFromBins(reliabilityDiagram(probs, nClasses, labels, opts));
}

export function mce(probs: Float32Array, nClasses: number, labels: Int32Array, opts: CalibrationOptions): number {
  return mceFromBins(reliabilityDiagram(probs, nClasses, labels, opts));
}

/** Adaptive calibration error: ECE with equal-mass bins. */
export function ace(probs: Float32Array, nClasses: number, labels: Int32Array, nBins: number): number {
  return ece(probs, nClasses, labels, { nBins, binning: 'mass' });
}
