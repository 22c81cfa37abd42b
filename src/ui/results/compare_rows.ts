// Which rows of the metrics table are compared with which (issue 13, "honest comparisons"): runs
// are grouped by data set AND model, and a value is "best" only within its group, and only when
// its bootstrap interval does not overlap the runner-up's. A difference inside the noise is
// unresolved: nothing is marked. Columns without intervals (MCE, ACE, MCC, OOD AUROC, link rows)
// are never marked.
import type { MetricsRow } from '../../export/metrics_export';
import type { CiMetric, Interval } from '../../metrics';
import { cellValue } from './run_metrics';

export interface TableRow extends MetricsRow {
  /** The data set and model the run trained on; absent for runs stored before they were recorded and for link rows. */
  dataset?: string;
  modelId?: string;
  /** Bootstrap intervals of the columns that have them. */
  ci?: Partial<Record<CiMetric, Interval>>;
  /** The run a rename of this row applies to (absent for derived rows such as a last iterate). */
  renameId?: string;
  /** The label a blank name goes back to. */
  defaultLabel?: string;
}

export interface RowFilter {
  /** null: every data set / model. */
  dataset: string | null;
  model: string | null;
}

/** Shown for a data set or model the run did not record. */
export const NOT_RECORDED = '—';

const HIGHER = new Set(['acc', 'mcc', 'ood_auroc', 'ood_aupr']);

export const datasetOf = (r: TableRow) => r.dataset || NOT_RECORDED;
export const modelOf = (r: TableRow) => r.modelId || NOT_RECORDED;
/** A model id as shown: the last part of a URL or path (the full id goes in a tooltip). */
export function shortModelName(id: string): string {
  const parts = id.replace(/[/\\]+$/, '').split(/[/\\]/);
  return parts[parts.length - 1] || id;
}
const groupKey = (r: TableRow) => `${datasetOf(r)}\u0000${modelOf(r)}`;

/** The distinct data sets and models of the rows, in order of first appearance (the filter's options). */
export function filterOptions(rows: readonly TableRow[]): { datasets: string[]; models: string[] } {
  return { datasets: [...new Set(rows.map(datasetOf))], models: [...new Set(rows.map(modelOf))] };
}

/** The rows of the chosen data set and model; a choice no row has any more counts as "all". */
export function filterRows(rows: readonly TableRow[], f: RowFilter): TableRow[] {
  const { datasets, models } = filterOptions(rows);
  const ds = f.dataset !== null && datasets.includes(f.dataset) ? f.dataset : null;
  const md = f.model !== null && models.includes(f.model) ? f.model : null;
  return rows.filter((r) => (ds === null || datasetOf(r) === ds) && (md === null || modelOf(r) === md));
}

export interface RowGroup {
  dataset: string;
  model: string;
  rows: TableRow[];
}

/** Rows by (data set, model), groups in order of first appearance, rows in their order. */
export function groupRows(rows: readonly TableRow[]): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (const r of rows) {
    const k = groupKey(r);
    if (!groups.has(k)) groups.set(k, { dataset: datasetOf(r), model: modelOf(r), rows: [] });
    groups.get(k)!.rows.push(r);
  }
  return [...groups.values()];
}

/** Whether interval a lies entirely on the better side of b. */
function separated(a: Interval, b: Interval, higherIsBetter: boolean): boolean {
  return higherIsBetter ? a.lo > b.hi : a.hi < b.lo;
}

/**
 * The cells marked best, as `${runId}:${key}`: per group and column, the best value is marked when
 * the group has two or more values, the best and the runner-up both have intervals, and the
 * intervals do not overlap. Ties and overlaps mark nothing.
 */
export function separatedBest(rows: readonly TableRow[], keys: readonly string[]): Set<string> {
  const marked = new Set<string>();
  for (const g of groupRows(rows)) {
    for (const k of keys) {
      const hi = HIGHER.has(k);
      const vals = g.rows
        .map((r) => ({ r, v: cellValue(r, k), ci: r.ci?.[k as CiMetric] }))
        .filter((x): x is { r: TableRow; v: number; ci: Interval | undefined } => x.v !== undefined && Number.isFinite(x.v))
        .sort((a, b) => (hi ? b.v - a.v : a.v - b.v));
      if (vals.length < 2) continue;
      const [best, runnerUp] = vals;
      if (best.v === runnerUp.v || !best.ci || !runnerUp.ci) continue;
      if (separated(best.ci, runnerUp.ci, hi)) marked.add(`${best.r.runId}:${k}`);
    }
  }
  return marked;
}
