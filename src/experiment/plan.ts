// How many SWAG collections a schedule makes, worked out before training, so a schedule that
// cannot support the requested posterior is refused with the numbers instead of after an hour.
import type { MethodConfig } from '../methods/config';

export interface CollectionPlan {
  stepsPerEpoch: number;
  swagSteps: number;
  collectEvery: number;
  collections: number;
}

export function collectionsPlanned(m: Pick<MethodConfig, 'epochs' | 'batch' | 'swagStart' | 'collectEverySteps'>, nTrain: number): CollectionPlan {
  const stepsPerEpoch = Math.ceil(nTrain / m.batch);
  const swagSteps = Math.max(0, m.epochs - m.swagStart) * stepsPerEpoch;
  const collectEvery = m.collectEverySteps > 0 ? m.collectEverySteps : stepsPerEpoch;
  return { stepsPerEpoch, swagSteps, collectEvery, collections: Math.floor(swagSteps / collectEvery) };
}

/** Why a SWAG schedule cannot give K deviation rows (or any posterior), or null when it can. */
export function scheduleProblem(m: Pick<MethodConfig, 'epochs' | 'batch' | 'swagStart' | 'collectEverySteps'>, nTrain: number, maxK: number): string | null {
  const p = collectionsPlanned(m, nTrain);
  const how = `${m.epochs} epochs with SWAG from epoch ${m.swagStart} (${p.swagSteps} steps of ${p.stepsPerEpoch} per epoch) collecting every ${p.collectEvery} steps makes ${p.collections} collection${p.collections === 1 ? '' : 's'}`;
  if (p.collections < 2) return `${how}: a SWAG posterior needs at least 2`;
  if (maxK > p.collections) return `${how}: fewer than K = ${maxK} deviation rows; lower K or collect more often (--collect-every)`;
  return null;
}
