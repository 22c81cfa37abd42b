// The SWAG posterior shown directly: eigenvalues of the low-rank covariance (descending, log
// scale: how low-rank the posterior is), the largest diagonal variances beside them, and per run
// the effective rank and how far the SWA mean trails the last iterate against the posterior spread.
import type { RunResult } from '../../train/protocol';
import { ChartFrame } from '../charts/ChartFrame';
import { EmptyChart } from '../charts/EmptyChart';
import { LineSeriesChart } from '../charts/LineSeriesChart';

const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(2) : '—');

export function EigenSpectrum({ runs, labelOf, colorOf }: { runs: RunResult[]; labelOf: (r: RunResult) => string; colorOf: (runId: string) => string }) {
  const withSpec = runs.filter((r) => r.covarianceEigenvalues && r.covarianceEigenvalues.some((v) => v > 0));
  const withStats = runs.filter((r) => r.posterior);
  return (
    <ChartFrame title="SWAG covariance eigenvalue spectrum" testId="chart-spectrum">
      {withSpec.length ? (
        <LineSeriesChart
          label="Covariance eigenvalues"
          xLabel="index"
          yLabel="eigenvalue"
          logY
          series={withSpec.flatMap((r) => [
            {
              name: `${labelOf(r)} low rank`,
              color: colorOf(r.runId),
              points: r.covarianceEigenvalues!.filter((v) => v > 0).map((v, i) => ({ x: i + 1, y: v })),
            },
            ...(r.posterior
              ? [
                  {
                    name: `${labelOf(r)} largest diagonal σ²`,
                    color: colorOf(r.runId),
                    dashed: true,
                    points: r.posterior.diagonalTop
                      .slice(0, r.covarianceEigenvalues!.length)
                      .filter((v) => v > 0)
                      .map((v, i) => ({ x: i + 1, y: v })),
                  },
                ]
              : []),
          ])}
        />
      ) : (
        <EmptyChart text="Train a SWAG method (B-LoRA-XS, SWAG-LoRA) with K ≥ 2 to see its spectrum." />
      )}
      {withStats.length > 0 && (
        <table className="small" data-testid="posterior-stats">
          <thead>
            <tr>
              <th>run</th>
              <th>collected</th>
              <th>effective rank</th>
              <th>λ₁</th>
              <th>trace of the diagonal</th>
              <th>‖θ_last − μ‖ ÷ spread</th>
            </tr>
          </thead>
          <tbody>
            {withStats.map((r) => {
              const p = r.posterior!;
              const ratio = Object.values(p.driftOverSpread)[0];
              return (
                <tr key={r.runId}>
                  <td>{labelOf(r)}</td>
                  <td>{p.collected}</td>
                  <td>{p.effectiveRank.toFixed(2)}</td>
                  <td>{sci(p.lowRankEigenvalues[0] ?? 0)}</td>
                  <td>{sci(p.diagonalTrace)}</td>
                  <td title="above 1: the SWA mean trails the last iterate by more than a typical posterior deviation (drift rather than uncertainty)">
                    {ratio !== undefined ? ratio.toFixed(2) : '— (c = 0)'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {withStats.length > 0 && (
        <p className="small muted">Effective rank: exp of the spectral entropy of the low-rank part. Spread: √(c · trace Σ) at the run's c.</p>
      )}
    </ChartFrame>
  );
}
