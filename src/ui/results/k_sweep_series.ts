// Metrics per k of a run's K sweep, as chart series: NLL, ECE (with the chart's bins) and accuracy.
import { accuracy, ece, nll } from '../../metrics';
import type { ChartOptions } from '../../state/types';
import type { RunResult } from '../../train/protocol';

export interface KSweepRow {
  K: number;
  nll: number;
  ece: number;
  accuracy: number;
}

export function kSweepRows(r: RunResult, chart: ChartOptions): KSweepRow[] {
  const labels = r.test.labels;
  return (r.kSweep ?? []).map((p) => ({
    K: p.K,
    nll: nll(p.probs, r.nClasses, labels),
    ece: ece(p.probs, r.nClasses, labels, { nBins: chart.bins, binning: chart.binning }),
    accuracy: accuracy(p.probs, r.nClasses, labels),
  }));
}
