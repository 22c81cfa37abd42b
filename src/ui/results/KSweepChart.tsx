// Test NLL and ECE of each SWAG run against the number of deviation columns k it keeps (the
// paper's finding: a few suffice, the covariance is low-rank). k = 0 is the diagonal-only posterior.
import type { ChartOptions } from '../../state/types';
import type { RunResult } from '../../train/protocol';
import { ChartFrame } from '../charts/ChartFrame';
import { EmptyChart } from '../charts/EmptyChart';
import { LineSeriesChart } from '../charts/LineSeriesChart';
import { kSweepRows, type KSweepRow } from './k_sweep_series';

interface Props {
  runs: RunResult[];
  chart: ChartOptions;
  labelOf: (r: RunResult) => string;
  colorOf: (runId: string) => string;
}

export function KSweepChart({ runs, chart, labelOf, colorOf }: Props) {
  const swept = runs.filter((r) => r.kSweep && r.kSweep.length > 1).map((r) => ({ r, rows: kSweepRows(r, chart) }));
  const series = (metric: keyof Omit<KSweepRow, 'K'>) =>
    swept.map(({ r, rows }) => ({ name: labelOf(r), color: colorOf(r.runId), points: rows.map((x) => ({ x: x.K, y: x[metric] })) }));
  return (
    <ChartFrame title="K sweep (test split)" testId="chart-k-sweep">
      {swept.length ? (
        <>
          <LineSeriesChart label="Test NLL against K" xLabel="deviation columns K" yLabel="NLL" height={160} series={series('nll')} />
          <LineSeriesChart label="Test ECE against K" xLabel="deviation columns K" yLabel={`ECE (${chart.bins} bins)`} height={160} series={series('ece')} />
        </>
      ) : (
        <EmptyChart text='Train a SWAG method with K ≥ 2 and "K sweep" on (Run options) to see how NLL and ECE change with K.' />
      )}
    </ChartFrame>
  );
}
