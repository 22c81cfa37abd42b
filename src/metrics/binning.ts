// Confidence bins on [0, 1]. Every bin is (lo, hi] except the first, which also takes conf = 0, so
// a confidence of exactly 1.0 lands in the last bin. Equal-width edges are i / B. Equal-mass edges
// are order statistics of the sorted confidences c₍₀₎ ≤ … ≤ c₍N−1₎: edge b (0 < b < B) is
// c₍⌈bN/B⌉−1₎, the largest confidence of the first ⌈bN/B⌉ examples; edge 0 is 0 and edge B is 1.
// Ties or N < B make some equal-mass edges coincide: those bins are empty and are reported as such.

import type { Binning } from './types';

export type { Binning };

export function equalWidthEdges(nBins: number): Float64Array {
  checkBinCount(nBins);
  const edges = new Float64Array(nBins + 1);
  for (let i = 0; i <= nBins; i++) edges[i] = i / nBins;
  return edges;
}

export function equalMassEdges(conf: ArrayLike<number>, nBins: number): Float64Array {
  checkBinCount(nBins);
  const sorted = Float64Array.from(conf).sort();
  const n = sorted.length;
  const edges = new Float64Array(nBins + 1);
  edges[nBins] = 1;
  for (let b = 1; b < nBins; b++) {
    const take = Math.ceil((b * n) / nBins);
    // With N = 0 there is nothing to split: collapse interior edges to 0 (all bins but the last empty).
    edges[b] = take > 0 ? sorted[take - 1] : 0;
  }
  return edges;
}

export function binEdges(conf: ArrayLike<number>, nBins: number, binning: Binning): Float64Array {
  return binning === 'mass' ? equalMassEdges(conf, nBins) : equalWidthEdges(nBins);
}

/** Index of the bin holding `c`: the smallest b with c ≤ edges[b + 1] (so edges[b] < c unless b = 0). */
export function binIndex(edges: Float64Array, c: number): number {
  const nBins = edges.length - 1;
  let lo = 0,
    hi = nBins - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c <= edges[mid + 1]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function checkBinCount(nBins: number): void {
  if (!Number.isInteger(nBins) || nBins < 1) throw new RangeError(`bin count must be a positive integer, got ${nBins}`);
}
