// The paper's "covariance is low-rank" check: the same SWAG trajectory predicted with only the
// last k deviation columns, k = 0 (diagonal only) … K. One trajectory serves every k exactly
// (restrictSwag), so the sweep costs predictions only, never training.
import type { SwagState } from '../../bayes/swag';
import type { TokenizedSplit } from '../common/batches';
import type { KSweepPoint } from '../run_types';
import { predictSplit } from '../common/predict';
import { storeFromState } from '../common/swag_store';
import { restrictSwag } from '../../bayes/swag_restrict';
import type { SwagTrajectory } from './swag';
import type { MethodContext } from '../common/types';
import { kSweepValues } from '../swag_plan';

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
