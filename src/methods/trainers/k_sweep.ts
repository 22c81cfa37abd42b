// The paper's "covariance is low-rank" check: the same SWAG trajectory predicted with only the
// last k deviation columns, k = 0 (diagonal only) … K. One trajectory serves every k exactly
// (restrictSwag), so the sweep costs predictions only, never training.
import type { SwagState } from '../bayes/swag';
import type { TokenizedSplit } from './common/batches';
import type { KSweepPoint } from './run_types';
import { predictSplit } from './common/predict';
import { storeFromState } from './common/swag_store';
import { restrictSwag } from '../bayes/swag_restrict';
import type { SwagTrajectory } from './swag';
import type { MethodContext } from './types';

/** The ranks a sweep visits for a buffer of K: 0, then 2, 3, 5, 10, 20, … up to K, and K itself (k = 1 has no low-rank term). */
export function kSweepValues(K: number): number[] {
  const out = new Set<number>([0]);
  for (const k of [2, 3, 5, 10, 20, 50]) if (k <= K) out.add(k);
  if (K >= 2) out.add(K);
  return [...out].sort((a, b) => a - b);
}

/** Bayesian-model-average probabilities on `split` for each k of kSweepValues(full.K), same samples seed as the run. */
export async function sweepK(ctx: MethodContext, t: SwagTrajectory, full: SwagState, split: TokenizedSplit, sampleSeed: number): Promise<KSweepPoint[]> {
  const m = ctx.method;
  const points: KSweepPoint[] = [];
  for (const K of kSweepValues(full.K)) {
    const store = storeFromState(ctx.be, restrictSwag(full, K));
    try {
      const pred = await predictSplit(ctx, t.model, split, {
        samples: m.S,
        beforeSample: (s) => store.applySample(t.model, sampleSeed, s, m.c),
        sampleGroup: (first, count) => store.sampleStacks(t.model, sampleSeed, first, count, m.c),
      });
      points.push({ K, probs: pred.probs });
    } finally {
      store.release();
    }
  }
  return points;
}
