// Metrics of finished runs for the table and charts, from the metrics module (never re-implemented).
import { summarize, type MetricsSummary } from '../../metrics';
import type { ChartOptions, MethodSummary } from '../../state/types';
import type { RunResult, SplitPredictions } from '../../train/protocol';
import type { MetricsRow } from '../../export/metrics_export';

export function splitMetrics(p: SplitPredictions, nClasses: number, chart: ChartOptions, ood?: SplitPredictions): MetricsSummary {
  return summarize(p.probs, nClasses, p.labels, {
    nBins: chart.bins,
    binning: chart.binning,
    mutualInfo: p.mutualInfo,
    oodScore: chart.oodScore,
    ood: ood ? { probs: ood.probs, mutualInfo: ood.mutualInfo } : undefined,
  });
}

/** Test-split metrics of a run (with OOD AUROC when the run scored OOD examples). */
export function runMetrics(r: RunResult, chart: ChartOptions): MetricsSummary {
  return splitMetrics(r.test, r.nClasses, chart, r.ood);
}

/** The same for the single model at the posterior mean, when the run has one. */
export function meanModelMetrics(r: RunResult, chart: ChartOptions): MetricsSummary | null {
  if (!r.test.meanModelProbs) return null;
  return summarize(r.test.meanModelProbs, r.nClasses, r.test.labels, { nBins: chart.bins, binning: chart.binning });
}

/** SWAG runs: the last iterate of the trajectory, the point estimate trained on exactly the same schedule. */
export function lastIterateMetrics(r: RunResult, chart: ChartOptions): MetricsSummary | null {
  if (!r.test.lastIterateProbs) return null;
  const ood = r.ood?.lastIterateProbs ? { ...r.ood, probs: r.ood.lastIterateProbs, mutualInfo: new Float32Array(r.ood.labels.length) } : undefined;
  return splitMetrics({ ...r.test, probs: r.test.lastIterateProbs, mutualInfo: new Float32Array(r.test.labels.length) }, r.nClasses, chart, ood);
}

export function metricsRow(runId: string, label: string, m: MetricsSummary, extra: Record<string, number> = {}): MetricsRow {
  return {
    runId,
    method: label,
    metrics: { acc: m.accuracy, ece: m.ece, mce: m.mce, ace: m.ace, nll: m.nll, brier: m.brier, mcc: m.mcc },
    extra: { ...(m.ood ? { ood_auroc: m.ood.auroc, ood_aupr: m.ood.aupr } : {}), ...extra },
  };
}

/** A row from a link's compact summary (MCE/ACE only when the link carries them: older links lack them). */
export function summaryRow(s: MethodSummary, label: string): MetricsRow {
  return {
    runId: `${s.methodId}-s${s.seed}`,
    method: label,
    metrics: {
      acc: s.accuracy,
      ece: s.ece,
      ...(s.mce !== undefined ? { mce: s.mce } : {}),
      ...(s.ace !== undefined ? { ace: s.ace } : {}),
      nll: s.nll,
      brier: s.brier,
      mcc: s.mcc,
    },
    extra: s.auroc !== undefined ? { ood_auroc: s.auroc } : {},
  };
}

export function cellValue(r: MetricsRow, k: string): number | undefined {
  return (r.metrics as Record<string, number | undefined>)[k] ?? r.extra?.[k];
}
