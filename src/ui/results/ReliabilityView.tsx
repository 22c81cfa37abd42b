// The reliability diagram of one run with its confidence histogram under it; for Bayesian
// methods the single model at the posterior mean is drawn beside the Bayesian average.
import type { MetricsSummary } from '../../metrics';
import { ChartFrame } from '../charts/ChartFrame';
import { ConfidenceHistogram } from '../charts/ConfidenceHistogram';
import { ReliabilityDiagram } from '../charts/ReliabilityDiagram';
import { ReliabilityLegend } from '../charts/ReliabilityLegend';
import { usePalette } from '../theme/palette';

export function ReliabilityView({
  label,
  color,
  averaged,
  meanModel,
}: {
  label: string;
  color: string;
  averaged: MetricsSummary;
  meanModel: MetricsSummary | null;
}) {
  const p = usePalette();
  const meanColor = p.series[(p.series.indexOf(color) + 1) % p.series.length];
  const panel = (title: string, m: MetricsSummary, c: string) => (
    <div style={{ flex: 1, minWidth: 0 }}>
      <div className="small muted">
        {title} · ECE {m.ece.toFixed(3)} · ACC {m.accuracy.toFixed(3)}
      </div>
      <ReliabilityDiagram bins={m.reliability} binning={m.binning} color={c} label={`Reliability of ${label}, ${title}`} />
      <ConfidenceHistogram bins={m.histogram} color={c} />
    </div>
  );
  return (
    <ChartFrame title={`Reliability — ${label}`} testId="chart-reliability" wide={!!meanModel}>
      <ReliabilityLegend barColors={meanModel ? [color, meanColor] : [color]} histogram />
      <div className="row" style={{ alignItems: 'stretch', flexWrap: 'nowrap' }}>
        {panel(meanModel ? 'Bayesian average' : `${averaged.nBins} ${averaged.binning === 'mass' ? 'equal-mass' : 'equal-width'} bins`, averaged, color)}
        {meanModel && panel('posterior-mean model', meanModel, meanColor)}
      </div>
    </ChartFrame>
  );
}
