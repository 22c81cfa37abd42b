// Generic multi-series line chart over a numeric x (loss curves, validation metrics, spectra).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePalette } from '../theme/palette';

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export function LineSeriesChart({ series, xLabel, yLabel, height = 200, logY, label }: { series: Series[]; xLabel: string; yLabel: string; height?: number; logY?: boolean; label: string }) {
  const p = usePalette();
  return (
    <div role="img" aria-label={`${label}: ${series.length} series`}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 6, right: 12, bottom: 18, left: 0 }}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" domain={['dataMin', 'dataMax']} stroke={p.muted} tick={{ fill: p.muted, fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -10, fill: p.muted, fontSize: 11 }} allowDuplicatedCategory={false} />
          <YAxis type="number" scale={logY ? 'log' : 'auto'} domain={logY ? ['auto', 'auto'] : [0, 'auto']} stroke={p.muted} tick={{ fill: p.muted, fontSize: 11 }} width={48} tickFormatter={(v: number) => (Math.abs(v) >= 100 || v === 0 ? String(v) : v.toPrecision(2))} label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 10, fill: p.muted, fontSize: 11 }} />
          {series.map((s) => (
            <Line key={s.name} data={s.points} dataKey="y" name={s.name} stroke={s.color} dot={s.points.length < 30} isAnimationActive={false} strokeWidth={1.5} />
          ))}
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Tooltip contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }} formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
