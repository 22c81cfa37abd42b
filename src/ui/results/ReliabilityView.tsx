// The reliability diagram of one run with its confidence histogram under it; for Bayesian
// methods the single model at the posterior mean is drawn beside the Bayesian average. A select
// switches the view: binned (the diagram), class-wise ECE (one one-vs-rest diagram per class) or
// smooth ECE (relplot's smoothed curve with its bootstrap band).
import { useState } from 'react';
import type { MetricsSummary } from '../../metrics';
import type { RunResult } from '../../methods/run_types';
import { runClassNames } from '../../export/run_classes';
import { ChartFrame } from '../charts/ChartFrame';
import { ConfidenceHistogram } from '../charts/ConfidenceHistogram';
import { ReliabilityDiagram } from '../charts/ReliabilityDiagram';
import { ReliabilityLegend } from '../charts/ReliabilityLegend';
import { SmoothReliabilityChart } from '../charts/SmoothReliabilityChart';
import { usePalette } from '../theme/palette';
import { classwiseOf, smoothOf, type ReliabilityMode } from './calibration_views';

const LOOK_FOR: Record<ReliabilityMode, string> = {
  binned: 'bars on the diagonal are calibrated; bars below it (red gaps) mean the run is more confident than it is right.',
  classwise:
    'each class against the rest: a class whose bars leave the diagonal is the one the probabilities get wrong, even when the top-label ECE looks fine.',
  smooth: 'the curve against the diagonal, without bins to choose; where the band is wide there are few examples, so a gap there means little.',
};

export function ReliabilityView({
  label,
  color,
  averaged,
  meanModel,
  result,
}: {
  label: string;
  color: string;
  averaged: MetricsSummary;
  meanModel: MetricsSummary | null;
  result: Pick<RunResult, 'test' | 'nClasses' | 'dataset'>;
}) {
  const p = usePalette();
  const [mode, setMode] = useState<ReliabilityMode>('binned');
  const meanColor = p.series[(p.series.indexOf(color) + 1) % p.series.length];
  const bins = { nBins: averaged.nBins, binning: averaged.binning };
  const binsName = `${averaged.nBins} ${averaged.binning === 'mass' ? 'equal-mass' : 'equal-width'} bins`;
  const panel = (title: string, m: MetricsSummary, c: string) => (
    <div style={{ flex: 1, minWidth: 0 }}>
      <div className="small muted">
        {title} · ECE {m.ece.toFixed(3)} · ACC {m.accuracy.toFixed(3)}
      </div>
      <ReliabilityDiagram bins={m.reliability} binning={m.binning} color={c} label={`Reliability of ${label}, ${title}`} />
      <ConfidenceHistogram bins={m.histogram} color={c} />
    </div>
  );
  const body = () => {
    const { probs, labels } = result.test;
    if (mode === 'classwise') {
      const cw = classwiseOf(probs, result.nClasses, labels, bins);
      const names = runClassNames(result).names;
      return (
        <>
          <div className="small" data-testid="classwise-ece" data-value={cw.value}>
            Class-wise ECE {cw.value.toFixed(3)} (mean over {result.nClasses} classes of each class's one-vs-rest ECE, {binsName})
          </div>
          <div style={{ display: 'grid', gridTemplateColumns: `repeat(${Math.min(result.nClasses, 4)}, minmax(0, 1fr))`, gap: 8 }}>
            {cw.perClass.map((c, j) => (
              <div key={names[j] ?? j}>
                <div className="small muted">
                  {names[j]} vs rest · ECE {c.ece.toFixed(3)}
                </div>
                <ReliabilityDiagram
                  bins={c.bins}
                  binning={bins.binning}
                  color={color}
                  label={`Reliability of ${label}, class ${names[j]} against the rest`}
                  height={200}
                />
              </div>
            ))}
          </div>
        </>
      );
    }
    if (mode === 'smooth') {
      const sm = smoothOf(probs, result.nClasses, labels);
      return (
        <>
          <div className="small" data-testid="smooth-ece" data-value={sm.smece} data-sigma={sm.sigma}>
            Smooth ECE {sm.smece.toFixed(3)} (kernel width σ = {sm.sigma.toFixed(3)}, chosen so that σ = smECE) · shaded: 95 % bootstrap band; drawn where the
            confidences are
          </div>
          <SmoothReliabilityChart curve={sm} color={color} label={`Smoothed reliability of ${label}`} />
        </>
      );
    }
    return (
      <>
        <ReliabilityLegend barColors={meanModel ? [color, meanColor] : [color]} histogram />
        <div className="row" style={{ alignItems: 'stretch', flexWrap: 'nowrap' }}>
          {panel(meanModel ? 'Bayesian average' : binsName, averaged, color)}
          {meanModel && panel('posterior-mean model', meanModel, meanColor)}
        </div>
      </>
    );
  };
  return (
    <ChartFrame title={`Reliability — ${label}`} testId="chart-reliability" wide={!!meanModel || (mode === 'classwise' && result.nClasses > 1)}>
      <div className="row small" style={{ gap: 8 }}>
        <label className="inline" data-export-skip="">
          View
          <select data-testid="reliability-mode" value={mode} onChange={(e) => setMode(e.target.value as ReliabilityMode)}>
            <option value="binned">binned (top label)</option>
            <option value="classwise">class-wise ECE</option>
            <option value="smooth">smooth ECE</option>
          </select>
        </label>
        <span className="muted" style={{ flex: 1 }}>
          What to look for: {LOOK_FOR[mode]}
        </span>
      </div>
      {body()}
    </ChartFrame>
  );
}
