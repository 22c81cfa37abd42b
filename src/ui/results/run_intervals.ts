// Bootstrap intervals of a run's test metrics, computed once per prediction array and bin choice
// (about 50 ms for 1,000 examples): re-renders, progress ticks of other runs and a reload of the
// same result object reuse them. Keyed weakly by the probabilities, so a deleted run's entry goes.
import { bootstrapIntervals, type MetricIntervals } from '../../metrics';
import type { ChartOptions } from '../../state/types';

const cache = new WeakMap<Float32Array, Map<string, MetricIntervals>>();

export function intervalsOf(probs: Float32Array, nClasses: number, labels: Int32Array, chart: Pick<ChartOptions, 'bins' | 'binning'>): MetricIntervals {
  const key = `${chart.bins}|${chart.binning}`;
  let byBins = cache.get(probs);
  if (!byBins) cache.set(probs, (byBins = new Map()));
  let ci = byBins.get(key);
  if (!ci) byBins.set(key, (ci = bootstrapIntervals(probs, nClasses, labels, { nBins: chart.bins, binning: chart.binning })));
  return ci;
}
