// Several methods' reliability curves (bin confidence → accuracy) on the same axes.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReliabilityBin } from '../../metrics/reliability';
import { usePalette } from '../theme/palette';
import { formatNumber } from './number_format';

export function OverlaidReliability({ curves, height = 260 }: { curves: { name: string; color: string; bins: readonly ReliabilityBin[] }[]; height?: number }) {
  const p = usePalette();
  return (
    <div role="img" aria-label={`Reliability curves of ${curves.length} runs overlaid`}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 6, right: 12, bottom: 18, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            label={{ value: 'confidence', position: 'insideBottom', offset: -10, fill: p.muted, fontSize: 11 }}
            allowDuplicatedCategory={false}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            width={52}
            label={{ value: 'accuracy', angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' }, fill: p.muted, fontSize: 11 }}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke={p.diagonal}
            strokeDasharray="4 4"
          />
          {curves.map((c) => (
            <Line
              key={c.name}
              name={c.name}
              data={c.bins.filter((b) => !b.empty).map((b) => ({ x: b.confidence, y: b.accuracy }))}
              dataKey="y"
              stroke={c.color}
              isAnimationActive={false}
              strokeWidth={1.5}
            />
          ))}
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
          <Tooltip
            contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }}
            labelFormatter={(x) => `confidence ${formatNumber(x)}`}
            formatter={(v) => formatNumber(v)}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
