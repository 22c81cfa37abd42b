// Live training loss and validation metrics of every run.
import type { LiveRun } from '../runtime/lab_store';
import { ChartFrame } from '../charts/ChartFrame';
import { EmptyChart } from '../charts/EmptyChart';
import { LineSeriesChart } from '../charts/LineSeriesChart';
import { runLabels } from '../runtime/run_label';

export function TrainingCurves({ runs, colorOf }: { runs: LiveRun[]; colorOf: (runId: string) => string }) {
  const withLoss = runs.filter((r) => r.loss.length > 0);
  const withEval = runs.filter((r) => r.evals.length > 0);
  const labels = runLabels(runs);
  const runLabel = (r: LiveRun) => labels.get(r.runId);
  return (
    <>
      <ChartFrame title="Training loss" testId="chart-loss">
        {withLoss.length ? (
          <LineSeriesChart
            label="Training loss"
            xLabel="step"
            yLabel="loss"
            series={withLoss.map((r) => ({ name: runLabel(r), color: colorOf(r.runId), points: r.loss.map((p) => ({ x: p.step, y: p.loss })) }))}
          />
        ) : (
          <EmptyChart text="Start a run to see its loss." />
        )}
      </ChartFrame>
      <ChartFrame title="Validation accuracy and ECE" testId="chart-validation">
        {withEval.length ? (
          <LineSeriesChart
            label="Validation metrics"
            xLabel="step"
            yLabel="value"
            series={withEval.flatMap((r) => [
              { name: `${runLabel(r)} acc`, color: colorOf(r.runId), points: r.evals.map((p) => ({ x: p.step, y: p.accuracy })) },
              { name: `${runLabel(r)} ECE`, color: colorOf(r.runId), dashed: true, points: r.evals.map((p) => ({ x: p.step, y: p.ece })) },
            ])}
          />
        ) : (
          <EmptyChart text="Validation metrics appear after the first evaluation." />
        )}
      </ChartFrame>
    </>
  );
}
