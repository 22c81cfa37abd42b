// Generic multi-series line chart over a numeric x (loss curves, validation metrics, spectra).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePalette } from '../theme/palette';
import { EmptyChart } from './EmptyChart';
import { formatNumber } from './number_format';
import { fitSeries } from './series_domain';

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
  /** Dashed line (e.g. a second metric of the same run). */
  dashed?: boolean;
}

/** Tick labels: exponents on a log axis, short decimals otherwise. */
export function formatTick(v: number, log: boolean): string {
  if (v === 0) return '0';
  if (log || Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) return v.toExponential(0);
  return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(2)));
}

export function LineSeriesChart({
  series,
  xLabel,
  yLabel,
  height = 200,
  logY,
  label,
}: {
  series: Series[];
  xLabel: string;
  yLabel: string;
  height?: number;
  logY?: boolean;
  label: string;
}) {
  const p = usePalette();
  const fit = fitSeries(series, logY);
  if (!fit.domain) return <EmptyChart text={`${label}: no finite values to draw yet.`} />;
  return (
    <div role="img" aria-label={`${label}: ${fit.series.length} series`} data-x-domain={fit.domain.join(',')}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 6, right: 12, bottom: 18, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            // A fixed domain: Recharts keeps its ticks inside it instead of rounding the axis outwards.
            domain={fit.domain}
            allowDecimals={!fit.integerX}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            label={{ value: xLabel, position: 'insideBottom', offset: -10, fill: p.muted, fontSize: 11 }}
            allowDuplicatedCategory={false}
          />
          <YAxis
            type="number"
            scale={logY ? 'log' : 'auto'}
            domain={logY ? ['auto', 'auto'] : [0, 'auto']}
            stroke={p.muted}
            tick={{ fill: p.muted, fontSize: 11 }}
            width={56}
            tickFormatter={(v: number) => formatTick(v, !!logY)}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' }, fill: p.muted, fontSize: 11 }}
          />
          {fit.series.map((s) => (
            <Line
              key={s.name}
              data={s.points}
              dataKey="y"
              name={s.name}
              stroke={s.color}
              strokeDasharray={s.dashed ? '5 3' : undefined}
              dot={s.points.length < 30 ? { r: 2 } : false}
              isAnimationActive={false}
              strokeWidth={1.5}
            />
          ))}
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
          <Tooltip
            contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }}
            labelFormatter={(x) => `${xLabel} ${formatNumber(x)}`}
            formatter={(v) => formatNumber(v)}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
