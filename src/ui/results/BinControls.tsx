// Reliability binning (10/15/20 bins, equal width or mass) and the OOD score.
import type { ChartOptions } from '../../state/types';
import type { BinCount, Binning, OodScoreKind } from '../../metrics/types';

export function BinControls({ chart, onChange }: { chart: ChartOptions; onChange: (c: ChartOptions) => void }) {
  return (
    <div className="row" role="group" aria-label="Chart options">
      <label className="inline">
        Bins
        <select value={chart.bins} onChange={(e) => onChange({ ...chart, bins: Number(e.target.value) as BinCount })}>
          {[10, 15, 20].map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        Binning
        <select value={chart.binning} onChange={(e) => onChange({ ...chart, binning: e.target.value as Binning })}>
          <option value="width">equal width</option>
          <option value="mass">equal mass</option>
        </select>
      </label>
      <label className="inline">
        OOD score
        <select value={chart.oodScore} onChange={(e) => onChange({ ...chart, oodScore: e.target.value as OodScoreKind })}>
          <option value="entropy">predictive entropy</option>
          <option value="mi">mutual information</option>
          <option value="maxprob">max probability</option>
        </select>
      </label>
    </div>
  );
}
