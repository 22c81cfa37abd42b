// The smoothed reliability curve (relplot's kernel-smoothed accuracy against confidence) with its
// pointwise bootstrap band, and the y = x diagonal of perfect calibration. Curve and band are drawn
// only where the confidences are, the kernel density at least 2 % of its peak (relplot fades them
// by density instead): elsewhere the smoother has no data and returns the diagonal.
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SmoothReliability } from '../../metrics';
import { usePalette } from '../theme/palette';
import { formatNumber } from './number_format';

const SUPPORT = 0.02;

export function SmoothReliabilityChart({ curve, color, height = 230, label }: { curve: SmoothReliability; color: string; height?: number; label: string }) {
  const p = usePalette();
  const peak = Math.max(...curve.density);
  const data = curve.mesh.map((x, i) =>
    curve.density[i] >= SUPPORT * peak ? { x, mu: curve.mu[i], band: [curve.lower[i], curve.upper[i]] } : { x, mu: null, band: null },
  );
  return (
    <div role="img" aria-label={`${label}: smoothed accuracy over ${curve.mesh.length} points with a 95 % bootstrap band`}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 16, right: 12, bottom: 18, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, 1]}
            ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            label={{ value: 'confidence', position: 'insideBottom', offset: -10, fill: p.muted, fontSize: 11 }}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            allowDataOverflow
            ticks={[0, 0.25, 0.5, 0.75, 1]}
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
          <Area dataKey="band" name="95 % band" stroke="none" fill={color} fillOpacity={0.25} isAnimationActive={false} />
          <Line dataKey="mu" name="smoothed accuracy" stroke={color} dot={false} strokeWidth={2} isAnimationActive={false} />
          <Tooltip
            contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }}
            labelFormatter={(x) => `confidence ${formatNumber(x)}`}
            formatter={(v) => (Array.isArray(v) ? v.map(formatNumber).join(' – ') : formatNumber(v))}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
