// Metrics of several methods as CSV and JSON (one row / object per method).
import { toCsv } from './csv';

/** The table's columns, in display order. */
export const METRIC_KEYS = ['acc', 'ece', 'mce', 'ace', 'nll', 'brier', 'mcc'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface MetricsRow {
  runId: string;
  /** The run's label (run_label.ts on the page). */
  method: string;
  /** The data set the run trained on (name, id, content hash), when it is known. */
  dataset?: string;
  datasetId?: string;
  datasetSha256?: string;
  /** The run's class names in label-index order; absent when the run does not know them. */
  classes?: readonly string[];
  metrics: Partial<Record<MetricKey, number>>;
  /** Extra columns (e.g. ood_auroc_entropy, trainable_params). */
  extra?: Record<string, number>;
}

export function metricsToCsv(rows: readonly MetricsRow[]): string {
  const extraKeys = [...new Set(rows.flatMap((r) => Object.keys(r.extra ?? {})))].sort();
  // classes: a JSON array in label-index order (empty when the run does not know them).
  const header = ['run_id', 'method', 'dataset', 'dataset_id', 'classes', ...METRIC_KEYS, ...extraKeys];
  return toCsv(
    header,
    rows.map((r) => [
      r.runId,
      r.method,
      r.dataset,
      r.datasetId,
      r.classes ? JSON.stringify(r.classes) : undefined,
      ...METRIC_KEYS.map((k) => r.metrics[k]),
      ...extraKeys.map((k) => r.extra?.[k]),
    ]),
  );
}

export function metricsToJson(rows: readonly MetricsRow[], meta: Record<string, unknown> = {}): string {
  const dataset = (r: MetricsRow) =>
    r.dataset === undefined && r.datasetId === undefined ? null : { id: r.datasetId ?? null, name: r.dataset ?? null, sha256: r.datasetSha256 ?? null };
  return JSON.stringify(
    {
      ...meta,
      runs: rows.map((r) => ({ runId: r.runId, method: r.method, dataset: dataset(r), classes: r.classes ?? null, ...r.metrics, ...(r.extra ?? {}) })),
    },
    null,
    2,
  );
}
