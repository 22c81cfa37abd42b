// Model selection over collections, as the reference does it (gmum/b-lora-xs train.py): after every
// collection the posterior collected so far is evaluated on the validation split with S samples and
// the one with the best accuracy (the first, on ties: the reference keeps a state only when it
// strictly improves) is the one tested. The grid reports it beside the final posterior, never
// instead of it: selection spends the validation split, the final state does not.
import { accuracy } from '../metrics';
import type { SwagState } from '../bayes/swag';
import { restrictSwag } from '../bayes/swag_restrict';
import { swagPredictor, type SwagTrajectory } from '../methods/trainers/swag';
import { storeFromState } from '../methods/common/swag_store';
import type { MethodContext, TrainedMethod } from '../methods/common/types';

/** The label of a selected row: the method's, marked, so it never pools with the final posterior's. */
export const SELECTED_SUFFIX = ' (selected by val acc)';
export const selectedLabel = (method: string) => method + SELECTED_SUFFIX;

export interface Selection {
  /** 0-based index of the chosen collection. */
  index: number;
  /** Validation accuracy of the posterior after each collection. */
  valAccuracies: number[];
}

/** The posterior after collection `index`, cut to K deviations. */
export function stateAt(traj: SwagTrajectory, index: number, K: number): SwagState {
  const h = traj.history?.[index];
  if (!h) throw new Error(`stateAt: the trajectory kept no posterior for collection ${index + 1}`);
  return restrictSwag(h, K);
}

/** A predictor over the posterior after collection `index` (the caller releases it). */
export function predictorAt(ctx: MethodContext, traj: SwagTrajectory, index: number, K: number, c: number): TrainedMethod {
  return swagPredictor(ctx, traj, storeFromState(ctx.be, stateAt(traj, index, K)), { ...ctx.method, K, c }, false);
}

/** Undefined when nothing can be selected: no kept history, or an empty validation split. */
export async function selectByValidation(ctx: MethodContext, traj: SwagTrajectory, K: number, c: number): Promise<Selection | undefined> {
  const val = ctx.data.validation;
  const n = traj.history?.length ?? 0;
  if (!n || !val.labels.length) return undefined;
  const valAccuracies: number[] = [];
  let index = 0;
  for (let j = 0; j < n; j++) {
    const pred = predictorAt(ctx, traj, j, K, c);
    const p = await pred.predict(val);
    pred.release();
    valAccuracies.push(accuracy(p.probs, ctx.data.nClasses, p.labels));
    if (valAccuracies[j] > valAccuracies[index]) index = j;
  }
  return { index, valAccuracies };
}
