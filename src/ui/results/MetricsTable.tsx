// ACC, ECE, MCE, ACE, NLL, Brier, MCC (and OOD AUROC) per run; the best value of each column is highlighted.
import { METRIC_KEYS, type MetricsRow } from '../../export/metrics_export';
import { bestPerColumn, cellValue } from './run_metrics';

const HEAD: Record<string, string> = { acc: 'ACC', ece: 'ECE', mce: 'MCE', ace: 'ACE', nll: 'NLL', brier: 'Brier', mcc: 'MCC', ood_auroc: 'OOD AUROC' };

export function MetricsTable({ rows }: { rows: readonly MetricsRow[] }) {
  const keys = [...METRIC_KEYS, ...(rows.some((r) => r.extra?.ood_auroc !== undefined) ? ['ood_auroc'] : [])];
  const best = bestPerColumn(rows, keys);
  return (
    <div className="table-scroll" style={{ maxHeight: 'none' }}>
      <table data-testid="metrics-table">
        <caption className="sr-only">Test-set metrics per run; best values are marked</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {keys.map((k) => (
              <th key={k} scope="col" className="num">
                {HEAD[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.runId}>
              <th scope="row" style={{ fontWeight: 400 }}>
                {r.method}
              </th>
              {keys.map((k) => {
                const v = cellValue(r, k);
                const isBest = v !== undefined && best[k] !== undefined && v === best[k];
                return (
                  <td key={k} className={`num${isBest ? ' best' : ''}`} aria-label={isBest ? `${HEAD[k]} ${v?.toFixed(4)} (best)` : undefined}>
                    {v === undefined ? '—' : v.toFixed(4)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
