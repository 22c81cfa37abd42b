// Metrics of several methods as CSV and JSON (one row / object per method).
import { toCsv } from './csv';

/** The table's columns, in display order. */
export const METRIC_KEYS = ['acc', 'ece', 'mce', 'ace', 'nll', 'brier', 'mcc'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface MetricsRow {
  runId: string;
  method: string;
  metrics: Partial<Record<MetricKey, number>>;
  /** Extra columns (e.g. ood_auroc_entropy, trainable_params). */
  extra?: Record<string, number>;
}

export function metricsToCsv(rows: readonly MetricsRow[]): string {
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))].sort();
  const header = ['run_id', 'method', ...METRIC_KEYS, ...extraKeys];
  return toCsv(
    header,
    rows.map((r) => [r.runId, r.method, ...METRIC_KEYS.map((k) => r.metrics[k]), ...extraKeys.map((k) => r.extra?.[k])]),
  );
}

export function metricsToJson(rows: readonly MetricsRow[], meta: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...meta, runs: rows.map((r) => ({ runId: r.runId, method: r.method, ...r.metrics, ...(r.extra ?? {}) })) }, null, 2);
}
