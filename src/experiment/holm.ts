// Holm's step-down correction over a declared family of comparisons (issue 25), and the verdict of
// each paired difference under it. The p-values are the t test's over per-seed differences (the
// bootstrap's resolution in a few thousand replicates cannot reach Holm's first thresholds, about
// 0.05 / 300); a verdict also needs the crossed bootstrap's interval (crossed.ts), so the verdicts
// are a subset of Holm's rejections and the family-wise error stays at most α.
import type { PairedDelta } from './crossed';

/** Holm-adjusted p-values, in the input order (a missing p counts as 1). */
export function holmAdjust(ps: readonly number[]): number[] {
  const m = ps.length;
  const clean = ps.map((p) => (Number.isFinite(p) ? p : 1));
  const order = clean.map((_, i) => i).sort((x, y) => clean[x] - clean[y]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((i, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * clean[i]));
    out[i] = running;
  });
  return out;
}

export type Verdict = 'better' | 'worse' | 'better before Holm' | 'worse before Holm' | 'matches' | 'unresolved';

export interface FamilyVerdict {
  verdict: Verdict;
  /** Holm-adjusted p of the difference test and of the equivalence test. */
  holmP: number;
  holmEquivP: number;
}

/**
 * Verdicts for one family: "better"/"worse" when both intervals exclude 0 and the difference
 * survives Holm; "… before Holm" when both exclude 0 but Holm does not keep it (not a finding);
 * "matches" when both TOST intervals lie inside the margin and the equivalence survives Holm
 * (over the same family); otherwise "unresolved". A surviving difference inside the margin stays
 * "better"/"worse" (real but smaller than the margin: `equivalent` says so).
 */
export function familyVerdicts(family: readonly PairedDelta[], alpha = 0.05): FamilyVerdict[] {
  const holm = holmAdjust(family.map((d) => d.tP));
  const holmEq = holmAdjust(family.map((d) => d.tEquivP));
  return family.map((d, i) => {
    const dir = d.direction === 'A better' ? 'better' : 'worse';
    const verdict: Verdict = d.resolved ? (holm[i] < alpha ? dir : `${dir} before Holm`) : d.equivalent && holmEq[i] < alpha ? 'matches' : 'unresolved';
    return { verdict, holmP: holm[i], holmEquivP: holmEq[i] };
  });
}
