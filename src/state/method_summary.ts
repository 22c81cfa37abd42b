// Bridges the metrics module and the stored/shared run summary.

import type { MetricsSummary } from '../metrics/summarize';
import type { MethodSummary } from './types';
import type { MethodConfig } from '../methods/config';

/** The compact per-method record kept with a run and carried by a results link. */
export function toMethodSummary(method: MethodConfig, metrics: MetricsSummary, label?: string): MethodSummary {
  return {
    methodId: method.id,
    ...(label ? { label } : {}),
    kind: method.kind,
    seed: method.seed,
    accuracy: metrics.accuracy,
    nll: metrics.nll,
    ece: metrics.ece,
    brier: metrics.brier,
    mcc: metrics.mcc,
    mce: metrics.mce,
    ace: metrics.ace,
    auroc: metrics.ood?.auroc,
    bins: metrics.reliability.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, acc: b.accuracy, conf: b.confidence })),
  };
}
