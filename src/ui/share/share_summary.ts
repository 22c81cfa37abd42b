// The compact results a share link carries, from the finished runs.
import { toMethodSummary } from '../../state/method_summary';
import type { ChartOptions, RunSummary } from '../../state/types';
import type { MetricsSummary } from '../../metrics';
import type { MethodConfig } from '../../methods/config';

export function buildRunSummary(chart: ChartOptions, done: { method: MethodConfig; metrics: MetricsSummary; label?: string }[]): RunSummary | undefined {
  if (!done.length) return undefined;
  return { binning: chart.binning, nBins: chart.bins, oodScore: chart.oodScore, methods: done.map((d) => toMethodSummary(d.method, d.metrics, d.label)) };
}
