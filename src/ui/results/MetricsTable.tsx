// ACC, ECE, MCE, ACE, NLL, Brier, MCC (and OOD AUROC) per run, with the data set and model each run
// trained on and 95 % bootstrap intervals beside ACC, ECE, NLL and Brier. Filters pick a data set
// and a model; "best" is marked only within a (data set, model) group, where intervals separate.
import { useState } from 'react';
import { METRIC_KEYS } from '../../export/metrics_export';
import { BOOTSTRAP_REPLICATES, type Interval } from '../../metrics';
import { datasetOf, filterOptions, filterRows, groupRows, modelOf, separatedBest, shortModelName, type RowFilter, type TableRow } from './compare_rows';
import { RunNameCell } from './RunNameCell';
import { cellValue } from './run_metrics';
import { TableFilters } from './TableFilters';

const HEAD: Record<string, string> = { acc: 'ACC', ece: 'ECE', mce: 'MCE', ace: 'ACE', nll: 'NLL', brier: 'Brier', mcc: 'MCC', ood_auroc: 'OOD AUROC' };

export interface MetricsTableProps {
  rows: readonly TableRow[];
  /** Renames a run; the answer is why a name is refused (another run has it), or null. */
  onRename?: (runId: string, name: string) => string | null;
}

function MetricCell({ metric, name, v, ci, best }: { metric: string; name: string; v: number | undefined; ci: Interval | undefined; best: boolean }) {
  const shown = v === undefined ? '—' : v.toFixed(4);
  const range = ci && Number.isFinite(ci.lo) ? `[${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]` : null;
  return (
    <td
      className={`num${best ? ' best' : ''}`}
      data-metric={metric}
      data-value={v}
      title={
        range ? `${name} ${shown}, 95 % bootstrap interval ${range} (${BOOTSTRAP_REPLICATES.toLocaleString('en')} resamples of the test examples)` : undefined
      }
      aria-label={best ? `${name} ${shown} ${range ?? ''} (best, separated from the runner-up)` : undefined}
    >
      {shown}
      {range && (
        <span className="ci" data-testid="ci">
          {' '}
          {range}
        </span>
      )}
    </td>
  );
}

export function MetricsTable({ rows, onRename }: MetricsTableProps) {
  const [filter, setFilter] = useState<RowFilter>({ dataset: null, model: null });
  const keys = [...METRIC_KEYS, ...(rows.some((r) => r.extra?.ood_auroc !== undefined) ? ['ood_auroc'] : [])];
  const options = filterOptions(rows);
  const shown = filterRows(rows, filter);
  const groups = groupRows(shown);
  // Decided on every row of a group, not only the shown ones: a filter never changes a verdict.
  const best = separatedBest(rows, keys);
  const anyInterval = rows.some((r) => r.ci);
  const line = (r: TableRow) => (
    <tr key={r.runId}>
      <th scope="row" style={{ fontWeight: 400 }}>
        <RunNameCell label={r.method} defaultLabel={r.defaultLabel} onRename={onRename && r.renameId ? (name) => onRename(r.renameId!, name) : undefined} />
      </th>
      <td data-testid="cell-dataset">{datasetOf(r)}</td>
      <td data-testid="cell-model" title={modelOf(r)}>
        {shortModelName(modelOf(r))}
      </td>
      {keys.map((k) => (
        <MetricCell key={k} metric={k} name={HEAD[k]} v={cellValue(r, k)} ci={r.ci?.[k as keyof TableRow['ci']]} best={best.has(`${r.runId}:${k}`)} />
      ))}
    </tr>
  );
  return (
    <div className="stack">
      <TableFilters datasets={options.datasets} models={options.models} value={filter} onChange={setFilter} />
      <div className="table-scroll" style={{ maxHeight: 'none' }}>
        <table data-testid="metrics-table">
          <caption className="sr-only">
            Test-set metrics per run with 95 % bootstrap intervals; best values are marked only where the intervals separate
          </caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Data set</th>
              <th scope="col">Model</th>
              {keys.map((k) => (
                <th key={k} scope="col" className="num">
                  {HEAD[k]}
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={`${g.dataset}|${g.model}`} data-testid="metrics-group">
              {groups.length > 1 && (
                <tr className="group-row">
                  <th scope="rowgroup" colSpan={keys.length + 3}>
                    {g.dataset} · {shortModelName(g.model)} (compared within this group only)
                  </th>
                </tr>
              )}
              {g.rows.map(line)}
            </tbody>
          ))}
        </table>
      </div>
      <p className="small muted" data-testid="best-rule" style={{ margin: 0 }}>
        {anyInterval
          ? `[lo, hi]: 95 % bootstrap interval (${BOOTSTRAP_REPLICATES.toLocaleString('en')} resamples of the test examples). Best is marked only among runs on the same data set and model, and only where its interval does not overlap the runner-up's; otherwise the difference is unresolved and nothing is marked.`
          : 'These results carry no intervals, so no value is marked best: a difference without its uncertainty is unresolved.'}
      </p>
    </div>
  );
}
