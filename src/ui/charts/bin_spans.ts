// Where the reliability diagram draws each bin. An equal-width bin is its grid cell [lo, hi]. An
// equal-mass bin's interior edges are confidences of the data, but edge 0 is 0 and edge B is 1 by
// convention: drawn as they are, the first and last bins become wide bars over confidences no
// example has. So equal-mass bins are clipped to the confidences the examples span, which leaves
// empty outer bins at zero width; a bar stays at least MIN_WIDTH wide so a point mass is visible.
import type { ReliabilityBin } from '../../metrics/reliability';
import type { Binning } from '../../metrics/types';

export const MIN_WIDTH = 0.006;

export interface BinSpan {
  x1: number;
  x2: number;
}

export function binSpans(bins: readonly ReliabilityBin[], binning: Binning): BinSpan[] {
  const full = bins.filter((b) => !b.empty);
  const known = full.length > 0 && full.every((b) => b.minConf !== undefined && b.maxConf !== undefined);
  if (binning === 'width' || !known) return bins.map((b) => widen(b.lo, b.hi, b.empty));
  const dataLo = Math.min(...full.map((b) => b.minConf!));
  const dataHi = Math.max(...full.map((b) => b.maxConf!));
  return bins.map((b) => {
    const x1 = Math.min(Math.max(b.lo, dataLo), dataHi);
    const x2 = Math.max(Math.min(b.hi, dataHi), dataLo);
    return widen(x1, x2, b.empty);
  });
}

function widen(x1: number, x2: number, empty: boolean): BinSpan {
  if (empty || x2 - x1 >= MIN_WIDTH) return { x1, x2 };
  const mid = (x1 + x2) / 2;
  const lo = Math.min(Math.max(0, mid - MIN_WIDTH / 2), 1 - MIN_WIDTH);
  return { x1: lo, x2: lo + MIN_WIDTH };
}
