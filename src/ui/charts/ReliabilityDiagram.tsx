// Reliability diagram: accuracy per confidence bin (bars over each bin's confidence range, see
// bin_spans.ts, so equal-mass bins show their true widths), gap boxes from accuracy to the bin's
// mean confidence, the y = x diagonal, empty bins greyed, and each bin's count printed above it.
import { CartesianGrid, ComposedChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReliabilityBin } from '../../metrics/reliability';
import type { Binning } from '../../metrics/types';
import { usePalette } from '../theme/palette';
import { binSpans } from './bin_spans';
import { formatNumber } from './number_format';

export interface ReliabilityDiagramProps {
  bins: readonly ReliabilityBin[];
  binning: Binning;
  color: string;
  height?: number;
  /** Accessible name, e.g. "Reliability of B-LoRA-XS (Bayesian average)". */
  label: string;
}

export function ReliabilityDiagram({ bins, binning, color, height = 230, label }: ReliabilityDiagramProps) {
  const p = usePalette();
  const spans = binSpans(bins, binning);
  const points = bins.filter((b) => !b.empty).map((b) => ({ conf: b.confidence, acc: b.accuracy, n: b.count }));
  const total = bins.reduce((s, b) => s + b.count, 0);
  return (
    <div role="img" aria-label={`${label}: ${bins.length} bins, ${total} examples, ${bins.filter((b) => b.empty).length} empty`} data-bins={bins.length}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart margin={{ top: 16, right: 12, bottom: 18, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="conf"
            name="confidence"
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            label={{ value: 'confidence', position: 'insideBottom', offset: -10, fill: p.muted, fontSize: 11 }}
          />
          <YAxis
            type="number"
            dataKey="acc"
            name="accuracy"
            domain={[0, 1]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            width={52}
            label={{ value: 'accuracy', angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' }, fill: p.muted, fontSize: 11 }}
          />
          {bins.map((b, i) =>
            b.empty ? (
              // An equal-mass bin outside the data's range has no width: nothing to grey.
              spans[i].x2 > spans[i].x1 && (
                <ReferenceArea
                  key={`e${i}`}
                  x1={spans[i].x1}
                  x2={spans[i].x2}
                  y1={0}
                  y2={1}
                  fill={p.empty}
                  fillOpacity={0.25}
                  stroke="none"
                  ifOverflow="visible"
                  className="bin-empty"
                  label={{ value: '0', position: 'insideTop', fill: p.muted, fontSize: 9 }}
                />
              )
            ) : (
              <ReferenceArea
                key={`a${i}`}
                x1={spans[i].x1}
                x2={spans[i].x2}
                y1={0}
                y2={b.accuracy}
                fill={color}
                fillOpacity={0.75}
                stroke={p.background}
                strokeWidth={0.5}
                ifOverflow="visible"
                className="bin-acc"
                label={{ value: String(b.count), position: 'top', fill: p.fg, fontSize: 9 }}
              />
            ),
          )}
          {bins.map((b, i) =>
            b.empty || Math.abs(b.gap) < 1e-9 ? null : (
              <ReferenceArea
                key={`g${i}`}
                x1={spans[i].x1}
                x2={spans[i].x2}
                y1={Math.min(b.accuracy, b.confidence)}
                y2={Math.max(b.accuracy, b.confidence)}
                fill={b.gap < 0 ? p.gapOver : p.gapUnder}
                fillOpacity={0.3}
                stroke={b.gap < 0 ? p.gapOver : p.gapUnder}
                strokeDasharray="2 2"
                ifOverflow="visible"
                className="bin-gap"
              />
            ),
          )}
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke={p.diagonal}
            strokeDasharray="4 4"
            ifOverflow="visible"
          />
          <Scatter
            data={points}
            fill={p.fg}
            isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number }) => <circle cx={props.cx} cy={props.cy} r={2.5} fill={p.fg} />}
          />
          <Tooltip
            cursor={false}
            labelFormatter={() => 'bin'}
            formatter={(v) => formatNumber(v)}
            contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
