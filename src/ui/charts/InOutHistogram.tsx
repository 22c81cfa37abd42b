// Two overlaid histograms of an uncertainty score: in-distribution vs out-of-distribution.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePalette } from '../theme/palette';
import { histogram } from './histogram';
import { formatNumber } from './number_format';

export function InOutHistogram({
  inScores,
  outScores,
  nBins = 20,
  label,
  height = 180,
}: {
  inScores: ArrayLike<number>;
  outScores: ArrayLike<number>;
  nBins?: number;
  label: string;
  height?: number;
}) {
  const p = usePalette();
  const all = [...Array.from(inScores), ...Array.from(outScores)];
  const lo = Math.min(0, ...all);
  const hi = Math.max(1e-6, ...all);
  const hin = histogram(inScores, lo, hi, nBins, true);
  const hout = histogram(outScores, lo, hi, nBins, true);
  const data = hin.map((h, i) => ({
    x: h.center.toPrecision(2),
    range: `${label} ${formatNumber(h.lo)}–${formatNumber(h.hi)}`,
    in: h.value,
    out: hout[i].value,
  }));
  return (
    <div role="img" aria-label={`${label}: ${inScores.length} in-distribution and ${outScores.length} out-of-distribution examples`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barGap={0} barCategoryGap={1} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="x" stroke={p.muted} tick={{ fill: p.muted, fontSize: 10 }} interval="preserveStartEnd" />
          <YAxis stroke={p.muted} tick={{ fill: p.muted, fontSize: 10 }} width={40} tickFormatter={(v: number) => v.toFixed(2)} />
          <Bar dataKey="in" name="in-distribution" fill={p.series[0]} fillOpacity={0.8} isAnimationActive={false} />
          <Bar dataKey="out" name="out-of-distribution" fill={p.series[1]} fillOpacity={0.8} isAnimationActive={false} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
          <Tooltip
            cursor={{ fill: p.grid, fillOpacity: 0.5 }}
            contentStyle={{ background: p.background, borderColor: p.grid, color: p.fg }}
            labelFormatter={(_, items) => (items?.[0]?.payload as { range?: string } | undefined)?.range ?? ''}
            formatter={(v) => formatNumber(v)}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
