// Risk–coverage curves (coverage → error rate of the answered examples), one per run, each with a
// vertical marker at the coverage its confidence threshold gives and a dot at the risk there.
import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePalette } from '../theme/palette';
import { formatNumber } from './number_format';

export interface RiskCoverageCurve {
  name: string;
  color: string;
  points: { coverage: number; risk: number }[];
  /** Where the threshold puts this run; absent when it answers nothing. */
  marker?: { coverage: number; risk: number };
}

export function RiskCoverageChart({ curves, height = 260, label }: { curves: RiskCoverageCurve[]; height?: number; label: string }) {
  const p = usePalette();
  return (
    <div role="img" aria-label={`${label}: ${curves.length} runs`}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 6, right: 12, bottom: 18, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="coverage"
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            label={{ value: 'coverage (fraction answered)', position: 'insideBottom', offset: -10, fill: p.muted, fontSize: 11 }}
            allowDuplicatedCategory={false}
          />
          <YAxis
            type="number"
            domain={[0, 'auto']}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            width={52}
            label={{ value: 'risk (error rate)', angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' }, fill: p.muted, fontSize: 11 }}
          />
          {curves.map((c) => (
            <Line
              key={c.name}
              name={c.name}
              data={c.points}
              dataKey="risk"
              stroke={c.color}
              dot={c.points.length < 30 ? { r: 2 } : false}
              isAnimationActive={false}
              strokeWidth={1.5}
            />
          ))}
          {curves.map((c) =>
            c.marker ? <ReferenceLine key={`m-${c.name}`} x={c.marker.coverage} stroke={c.color} strokeDasharray="4 3" ifOverflow="visible" /> : null,
          )}
          {curves.map((c) =>
            c.marker ? (
              <ReferenceDot key={`d-${c.name}`} x={c.marker.coverage} y={c.marker.risk} r={4} fill={c.color} stroke={p.background} ifOverflow="visible" />
            ) : null,
          )}
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
          <Tooltip
            contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }}
            labelFormatter={(x) => `coverage ${formatNumber(x)}`}
            formatter={(v) => formatNumber(v)}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
