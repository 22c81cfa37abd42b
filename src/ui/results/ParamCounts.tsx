// Trainable and stored-posterior parameter counts per run (docs/METHOD.md §7).
import type { RunResult } from '../../train/protocol';

export function ParamCounts({ runs, labelOf }: { runs: RunResult[]; labelOf: (r: RunResult) => string }) {
  if (!runs.length) return null;
  return (
    <table data-testid="param-counts">
      <caption className="sr-only">Parameter counts per run</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col" className="num">
            Trainable
          </th>
          <th scope="col" className="num">
            Stored posterior
          </th>
          <th scope="col" className="num">
            Wall time
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.runId}>
            <th scope="row" style={{ fontWeight: 400 }}>
              {labelOf(r)}
            </th>
            <td className="num">{r.trainableParams.toLocaleString('en-US')}</td>
            <td className="num">{r.posteriorParams.toLocaleString('en-US')}</td>
            <td className="num">{r.wallSeconds.toFixed(1)} s</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
