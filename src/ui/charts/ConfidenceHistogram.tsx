// How many test examples fall at each confidence, split into correct / incorrect.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistogramBin } from '../../metrics/reliability';
import { usePalette } from '../theme/palette';
import { formatNumber } from './number_format';

export function ConfidenceHistogram({ bins, color, height = 110 }: { bins: readonly HistogramBin[]; color: string; height?: number }) {
  const p = usePalette();
  const data = bins.map((b) => ({
    bin: ((b.lo + b.hi) / 2).toFixed(2),
    range: `confidence ${formatNumber(b.lo)}–${formatNumber(b.hi)}`,
    correct: b.correct,
    incorrect: b.incorrect,
  }));
  return (
    <div role="img" aria-label={`Confidence histogram, ${bins.reduce((s, b) => s + b.count, 0)} examples`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barCategoryGap={1} accessibilityLayer={false}>
          <CartesianGrid stroke={p.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bin" stroke={p.muted} tick={{ fill: p.muted, fontSize: 10 }} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} stroke={p.muted} tick={{ fill: p.muted, fontSize: 10 }} width={40} />
          <Bar dataKey="correct" name="correct" stackId="c" fill={color} isAnimationActive={false} />
          <Bar dataKey="incorrect" name="incorrect" stackId="c" fill={p.gapOver} fillOpacity={0.7} isAnimationActive={false} />
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
