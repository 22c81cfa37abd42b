// What a line chart draws and the x range it shows. Points without a finite value are dropped
// (the trainer reports prediction and post-hoc phases with loss = NaN at their own step counts, and
// those would stretch the axis past the curves), and the x axis spans exactly the drawn points.

export interface XY {
  x: number;
  y: number;
}

export interface FittedSeries<S extends { points: XY[] }> {
  /** The series with only drawable points; series left with none are dropped. */
  series: S[];
  /** [min x, max x] of the drawn points (widened by 1/2 around a single x); null when nothing is drawable. */
  domain: [number, number] | null;
  /** Every drawn x is an integer (steps, K, indices): ticks need no decimals. */
  integerX: boolean;
}

export function fitSeries<S extends { points: XY[] }>(series: readonly S[], logY = false): FittedSeries<S> {
  const drawable = (p: XY) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logY || p.y > 0);
  const kept = series.map((s) => ({ ...s, points: s.points.filter(drawable) })).filter((s) => s.points.length > 0);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let integerX = true;
  for (const s of kept)
    for (const p of s.points) {
      lo = Math.min(lo, p.x);
      hi = Math.max(hi, p.x);
      integerX &&= Number.isInteger(p.x);
    }
  if (!kept.length) return { series: kept, domain: null, integerX };
  return { series: kept, domain: lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi], integerX };
}
