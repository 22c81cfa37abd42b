// Chosen runs' reliability diagrams side by side, then overlaid on the same axes.
import type { MetricsSummary } from '../../metrics';
import { ChartFrame } from '../charts/ChartFrame';
import { OverlaidReliability } from '../charts/OverlaidReliability';
import { ReliabilityDiagram } from '../charts/ReliabilityDiagram';
import { ReliabilityLegend } from '../charts/ReliabilityLegend';

export interface CompareItem {
  runId: string;
  label: string;
  color: string;
  metrics: MetricsSummary;
}

export function CompareView({ items }: { items: CompareItem[] }) {
  if (items.length < 2) return <p className="small muted">Tick two or more finished runs in the table above to compare them.</p>;
  return (
    <>
      <ChartFrame title="Compare reliability side by side" testId="chart-compare-side" wide>
        <ReliabilityLegend />
        <div style={{ display: 'grid', gridTemplateColumns: `repeat(${Math.min(items.length, 4)}, minmax(0, 1fr))`, gap: 8 }}>
          {items.map((it) => (
            <div key={it.runId}>
              <div className="small muted">
                {it.label} · ECE {it.metrics.ece.toFixed(3)}
              </div>
              <ReliabilityDiagram
                bins={it.metrics.reliability}
                binning={it.metrics.binning}
                color={it.color}
                label={`Reliability of ${it.label}`}
                height={200}
              />
            </div>
          ))}
        </div>
      </ChartFrame>
      <ChartFrame title="Compare reliability overlaid" testId="chart-compare-overlay">
        <OverlaidReliability curves={items.map((it) => ({ name: it.label, color: it.color, bins: it.metrics.reliability }))} />
      </ChartFrame>
    </>
  );
}
