// Equal-width histogram for display (not a metric): counts or fractions per bin on [lo, hi].

export interface DisplayBin {
  lo: number;
  hi: number;
  center: number;
  value: number;
}

export function histogram(values: ArrayLike<number>, lo: number, hi: number, nBins: number, normalize: boolean): DisplayBin[] {
  if (!(hi > lo) || nBins < 1) throw new RangeError(`bad histogram range [${lo}, ${hi}] × ${nBins}`);
  const counts = new Array<number>(nBins).fill(0);
  const w = (hi - lo) / nBins;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(nBins - 1, Math.max(0, Math.floor((v - lo) / w)))] += 1;
    n += 1;
  }
  return counts.map((c, b) => ({ lo: lo + b * w, hi: lo + (b + 1) * w, center: lo + (b + 0.5) * w, value: normalize && n > 0 ? c / n : c }));
}
