// Eigenvalues of the SWAG low-rank covariance (descending), log scale: how low-rank the posterior is.
import type { RunResult } from '../../train/protocol';
import { ChartFrame } from '../charts/ChartFrame';
import { EmptyChart } from '../charts/EmptyChart';
import { LineSeriesChart } from '../charts/LineSeriesChart';

export function EigenSpectrum({ runs, labelOf, colorOf }: { runs: RunResult[]; labelOf: (r: RunResult) => string; colorOf: (runId: string) => string }) {
  const withSpec = runs.filter((r) => r.covarianceEigenvalues && r.covarianceEigenvalues.some((v) => v > 0));
  return (
    <ChartFrame title="SWAG covariance eigenvalue spectrum" testId="chart-spectrum">
      {withSpec.length ? (
        <LineSeriesChart
          label="Covariance eigenvalues"
          xLabel="index"
          yLabel="eigenvalue"
          logY
          series={withSpec.map((r) => ({ name: labelOf(r), color: colorOf(r.runId), points: r.covarianceEigenvalues!.filter((v) => v > 0).map((v, i) => ({ x: i + 1, y: v })) }))}
        />
      ) : (
        <EmptyChart text="Train a SWAG method (B-LoRA-XS, SWAG-LoRA) with K ≥ 2 to see its spectrum." />
      )}
    </ChartFrame>
  );
}
