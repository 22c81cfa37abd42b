// Selective prediction: what abstaining buys. Risk–coverage curves of the compared runs (or the
// run in "Details for" when none is ticked) with AURC and its 95 % interval in the legend, a
// confidence threshold to drag, and each run's coverage and accuracy at that threshold.
import { useState } from 'react';
import type { RunResult } from '../../methods/run_types';
import { ChartFrame } from '../charts/ChartFrame';
import { RiskCoverageChart } from '../charts/RiskCoverageChart';
import { selectiveOf, thresholdFloor, thresholdOf } from './selective_runs';

export interface SelectiveItem {
  runId: string;
  label: string;
  color: string;
  result: Pick<RunResult, 'test' | 'nClasses'>;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

export function SelectiveView({ items }: { items: SelectiveItem[] }) {
  const floor = thresholdFloor(items.map((it) => it.result.nClasses));
  const [threshold, setThreshold] = useState<number | null>(null);
  // Until the user moves it, the threshold sits halfway between chance and certainty.
  const tau = Math.max(threshold ?? Math.round(((floor + 1) / 2) * 1000) / 1000, floor);
  const rows = items.map((it) => {
    const s = selectiveOf(it.result.test.probs, it.result.nClasses, it.result.test.labels);
    return { it, s, at: thresholdOf(s, tau) };
  });
  return (
    <ChartFrame title="Selective prediction — risk vs coverage" testId="chart-selective" wide>
      <p className="small muted" style={{ margin: 0 }}>
        What to look for: a curve that falls as coverage shrinks means the run's confidence tells right from wrong answers; a lower curve (smaller AURC)
        abstains better. Drag the threshold to see how many test examples each run would answer, and how often it is right on those.
      </p>
      <RiskCoverageChart
        label="Risk–coverage curves"
        curves={rows.map(({ it, s, at }) => ({
          name: `${it.label} · AURC ${f3(s.aurc)} [${f3(s.interval.lo)}, ${f3(s.interval.hi)}]`,
          color: it.color,
          points: s.points,
          marker: at.accepted > 0 ? { coverage: at.coverage, risk: 1 - at.accuracy } : undefined,
        }))}
      />
      <label className="inline small">
        Confidence threshold (answer when max probability ≥ it)
        <input
          type="range"
          data-testid="selective-threshold"
          min={floor}
          max={1}
          step={0.001}
          value={tau}
          onChange={(e) => setThreshold(Number(e.target.value))}
          style={{ flex: 1, minWidth: 200 }}
        />
        <output data-testid="selective-threshold-value">{tau.toFixed(3)}</output>
      </label>
      <table className="small" data-testid="selective-table">
        <thead>
          <tr>
            <th>Run</th>
            <th title="Fraction of test examples whose confidence (max mean probability) is at least the threshold">Coverage</th>
            <th title="Accuracy on the answered examples">Accuracy</th>
            <th title="Area under the risk–coverage curve (torch-uncertainty's definition), 95 % bootstrap interval over test examples">AURC [95 %]</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ it, s, at }) => (
            <tr key={it.runId} data-testid="selective-row" data-run={it.label} data-accepted={at.accepted} data-correct={at.correct} data-n={at.n}>
              <td>
                <span style={{ color: it.color }}>■</span> {it.label}
              </td>
              <td data-testid="selective-coverage">
                {f3(at.coverage)} ({at.accepted} of {at.n})
              </td>
              <td data-testid="selective-accuracy">{at.accepted ? `${f3(at.accuracy)} (${at.correct} of ${at.accepted})` : '— (none answered)'}</td>
              <td data-testid="selective-aurc">
                {f3(s.aurc)} [{f3(s.interval.lo)}, {f3(s.interval.hi)}]
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFrame>
  );
}
