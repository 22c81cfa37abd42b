// How many SWAG collections a schedule makes, worked out before training, so a schedule that
// cannot support the requested posterior is refused with the numbers instead of after an hour.
import type { MethodConfig } from '../config';

type Schedule = Pick<MethodConfig, 'epochs' | 'batch' | 'swagStart' | 'collectEverySteps'>;

export interface CollectionPlan {
  stepsPerEpoch: number;
  swagSteps: number;
  collectEvery: number;
  collections: number;
}

/** `maxSteps`: a run capped at this many optimizer steps (the page's and the CLI's --max-steps). */
export function collectionsPlanned(m: Schedule, nTrain: number, maxSteps = Infinity): CollectionPlan {
  const stepsPerEpoch = Math.ceil(nTrain / m.batch);
  const total = Math.min(m.epochs * stepsPerEpoch, maxSteps > 0 ? maxSteps : Infinity);
  const swagSteps = Math.max(0, total - m.swagStart * stepsPerEpoch);
  const collectEvery = m.collectEverySteps > 0 ? m.collectEverySteps : stepsPerEpoch;
  return { stepsPerEpoch, swagSteps, collectEvery, collections: Math.floor(swagSteps / collectEvery) };
}

/** Why a SWAG schedule cannot give K deviation rows (or any posterior), or null when it can. */
export function scheduleProblem(m: Schedule, nTrain: number, maxK: number, maxSteps = Infinity): string | null {
  const p = collectionsPlanned(m, nTrain, maxSteps);
  const capped = maxSteps > 0 && maxSteps < m.epochs * p.stepsPerEpoch ? `, capped at ${maxSteps} steps,` : '';
  const how = `${m.epochs} epochs${capped} with SWAG from epoch ${m.swagStart} (${p.swagSteps} SWAG-phase steps, ${p.stepsPerEpoch} per epoch) collecting every ${p.collectEvery} steps makes ${p.collections} collection${p.collections === 1 ? '' : 's'}`;
  if (p.collections < 2) return `${how}: a SWAG posterior needs at least 2`;
  if (maxK > p.collections) return `${how}: fewer than K = ${maxK} deviation rows; lower K or collect more often (--collect-every)`;
  return null;
}
