// Memoised metrics of every finished run under the current chart options.
import { useMemo } from 'react';
import type { MetricIntervals, MetricsSummary } from '../../metrics';
import type { ChartOptions } from '../../state/types';
import type { LiveRun } from '../runtime/lab_store';
import { intervalsOf } from './run_intervals';
import { lastIterateMetrics, meanModelMetrics, runMetrics } from './run_metrics';

export interface RunMetrics {
  averaged: MetricsSummary;
  meanModel: MetricsSummary | null;
  /** SWAG runs: the trajectory's last iterate (with OOD AUROC when the run scored OOD examples). */
  lastIterate: MetricsSummary | null;
  /** 95 % bootstrap intervals over the test examples of the averaged predictions and of the last iterate. */
  intervals: MetricIntervals;
  lastIterateIntervals: MetricIntervals | null;
  error?: undefined;
}

export function useRunMetrics(runs: LiveRun[], chart: ChartOptions): Record<string, RunMetrics | { error: string }> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed when a run finishes or the chart options change, not on every progress tick
  return useMemo(() => {
    const out: Record<string, RunMetrics | { error: string }> = {};
    for (const r of runs) {
      if (!r.result) continue;
      try {
        const t = r.result.test;
        out[r.runId] = {
          averaged: runMetrics(r.result, chart),
          meanModel: meanModelMetrics(r.result, chart),
          lastIterate: lastIterateMetrics(r.result, chart),
          intervals: intervalsOf(t.probs, r.result.nClasses, t.labels, chart),
          lastIterateIntervals: t.lastIterateProbs ? intervalsOf(t.lastIterateProbs, r.result.nClasses, t.labels, chart) : null,
        };
      } catch (e) {
        out[r.runId] = { error: e instanceof Error ? e.message : String(e) };
      }
    }
    return out;
  }, [runs.map((r) => (r.result ? r.runId : '')).join('|'), chart.bins, chart.binning, chart.oodScore]);
}
