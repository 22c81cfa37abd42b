// Results carried by a link (no training needed): each method's reliability diagram.
import type { RunSummary } from '../../state/types';
import { ChartFrame } from '../charts/ChartFrame';
import { ReliabilityDiagram } from '../charts/ReliabilityDiagram';
import { ReliabilityLegend } from '../charts/ReliabilityLegend';
import { usePalette } from '../theme/palette';
import { summaryBins } from './summary_bins';

export function SharedResults({ summary }: { summary: RunSummary }) {
  const p = usePalette();
  if (!summary.methods.length) return null;
  return (
    <ChartFrame title="Reliability from the shared link" testId="chart-shared" wide>
      <div className="small muted">
        {summary.nBins} {summary.binning === 'mass' ? 'equal-mass' : 'equal-width'} bins, as computed by whoever shared the link
      </div>
      <ReliabilityLegend />
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${Math.min(summary.methods.length, 4)}, minmax(0, 1fr))`, gap: 8 }}>
        {summary.methods.map((m, i) => (
          <div key={`${m.methodId}-${m.seed}`}>
            <div className="small muted">
              {m.label ?? `${m.methodId} · seed ${m.seed}`} · ECE {m.ece.toFixed(3)}
            </div>
            <ReliabilityDiagram
              bins={summaryBins(m.bins)}
              binning={summary.binning}
              color={p.series[i % p.series.length]}
              label={`Shared reliability of ${m.label ?? m.methodId}`}
              height={200}
            />
          </div>
        ))}
      </div>
    </ChartFrame>
  );
}
