// What a collected SWAG posterior looks like, shown directly (issue 12): the spectrum of its
// low-rank part, the spread of its diagonal part, its effective rank, and how far the last
// iterate sits from the SWA mean compared with the posterior's own spread. A "posterior" whose
// mean trails the last iterate by more than its spread is drift, not uncertainty.
import type { SwagState } from './swag';

export interface PosteriorStats {
  /** Models collected (n). */
  collected: number;
  /** Deviation rows in the buffer (≤ K). */
  rows: number;
  /** Eigenvalues (descending) of Dᵀ D / (K − 1) at c = 1. */
  lowRankEigenvalues: number[];
  /** The largest diagonal variances σ² (descending, at most 16) and their sum. */
  diagonalTop: number[];
  diagonalTrace: number;
  /** Roy & Vetterli's effective rank exp(H(λ / Σλ)) of the low-rank spectrum (0 when empty). */
  effectiveRank: number;
  /** ‖θ_last − μ‖₂. */
  driftNorm: number;
  /** √trace Σ at sampling scale c = 1: the root-mean-square length of a posterior deviation. */
  spreadAtC1: number;
  /** driftNorm / (√c · spreadAtC1) for each sampling scale c > 0 asked for. */
  driftOverSpread: Record<string, number>;
}

export function effectiveRank(eigenvalues: readonly number[]): number {
  const total = eigenvalues.reduce((a, b) => a + Math.max(b, 0), 0);
  if (!(total > 0)) return 0;
  let h = 0;
  for (const l of eigenvalues) {
    const p = Math.max(l, 0) / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}

export function posteriorStats(s: SwagState, lastTheta: Float32Array, cs: readonly number[]): PosteriorStats {
  const lowRank = Array.from(s.covarianceEigenvalues());
  const variance = Array.from(s.variance());
  const diagonalTrace = variance.reduce((a, b) => a + b, 0);
  let drift = 0;
  for (let i = 0; i < s.P; i++) drift += (lastTheta[i] - s.mean[i]) ** 2;
  const driftNorm = Math.sqrt(drift);
  const spreadAtC1 = Math.sqrt(diagonalTrace + lowRank.reduce((a, b) => a + b, 0));
  const driftOverSpread: Record<string, number> = {};
  for (const c of cs) if (c > 0) driftOverSpread[String(c)] = spreadAtC1 > 0 ? driftNorm / (Math.sqrt(c) * spreadAtC1) : Infinity;
  return {
    collected: s.n,
    rows: s.rows,
    lowRankEigenvalues: lowRank,
    diagonalTop: [...variance].sort((a, b) => b - a).slice(0, 16),
    diagonalTrace,
    effectiveRank: effectiveRank(lowRank),
    driftNorm,
    spreadAtC1,
    driftOverSpread,
  };
}
