// Error measures the browser checks report (numbers, so the specs assert and print thresholds).

/** relErr over the entries `keep` selects, scaled by the largest |b| of the whole array. */
export function relErrWhere(a: ArrayLike<number>, b: ArrayLike<number>, keep: (i: number) => boolean): { relErr: number; kept: number } {
  if (a.length !== b.length) throw new Error(`relErrWhere: lengths differ (${a.length} vs ${b.length})`);
  let d = 0,
    m = 0,
    kept = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(b[i]));
    if (!keep(i)) continue;
    kept++;
    const diff = Math.abs(a[i] - b[i]);
    d = Number.isNaN(diff) ? Infinity : Math.max(d, diff);
  }
  return { relErr: d / Math.max(m, 1e-6), kept };
}

/** max |a − b| over all entries; lengths must agree. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ (${a.length} vs ${b.length})`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

/** The largest value of a record of errors; an empty record is an error (a check must measure something). */
export function worstOf(errors: Record<string, number>): number {
  const v = Object.values(errors);
  if (v.length === 0) throw new Error('worstOf: no errors were measured');
  return Math.max(...v);
}
