// How many example passes a run makes, from its configuration and split sizes: what RunClock turns
// into an ETA, and what the page multiplies by the measured rates for the runs still queued.
// Counts follow the methods' code (train loop, evaluation, each method's predict); they are an
// estimate where methods batch samples (grouped SWAG forwards cost less than S plain passes).
import { hasTrait, type MethodConfig } from '../config';
import { kSweepValues } from '../swag_plan';
import type { TrainOptions } from '../run_types';
import type { WorkPlan } from './run_clock';

export interface SplitSizes {
  train: number;
  validation: number;
  test: number;
  ood: number;
}

/** Laplace fits its curvature on at most this many training examples (methods/trainers/laplace.ts). */
const LAPLACE_EXAMPLES = 256;

/** Forward passes per example of the method's predict (samples, plus the mean model / last iterate it also reports). */
export function predictPasses(m: MethodConfig): number {
  if (hasTrait(m.kind, 'ensemble')) return m.M;
  if (hasTrait(m.kind, 'swag')) return m.S + 2;
  // Laplace's linearized predictive draws its S samples in logit space from one Jacobian pass.
  if (hasTrait(m.kind, 'laplace')) return 0;
  if (hasTrait(m.kind, 'test-time-dropout')) return m.S + 1;
  if (m.kind === 'temperature') return 2;
  return 1;
}

/** Training steps of one trajectory. */
export function trainingSteps(m: MethodConfig, nTrain: number, options: Pick<TrainOptions, 'maxSteps'>): number {
  const perEpoch = Math.ceil(nTrain / m.batch);
  return Math.min(m.epochs * perEpoch, options.maxSteps ?? Number.POSITIVE_INFINITY);
}

export function planRunWork(
  m: MethodConfig,
  n: SplitSizes,
  options: Pick<TrainOptions, 'maxSteps' | 'evalEverySteps' | 'kSweep'>,
  evaluates: boolean,
): WorkPlan {
  const members = hasTrait(m.kind, 'ensemble') ? m.M : 1;
  const steps = trainingSteps(m, n.train, options);
  const evalEvery = options.evalEverySteps > 0 ? options.evalEverySteps : Math.max(1, Math.ceil(n.train / m.batch));
  const evals = evaluates && n.validation > 0 && steps > 0 ? Math.floor(steps / evalEvery) + (steps % evalEvery ? 1 : 0) : 0;
  const perEpoch = Math.ceil(n.train / m.batch);
  // Whole epochs see every example once; a cut-off epoch sees its steps' batches.
  const trainExamples = perEpoch > 0 ? Math.floor(steps / perEpoch) * n.train + Math.min((steps % perEpoch) * m.batch, n.train) : 0;
  let train = members * trainExamples;
  let forward = members * evals * n.validation;
  forward += predictPasses(m) * (n.test + n.validation + n.ood);
  if (m.kind === 'temperature') forward += n.validation;
  // Laplace: a forward + backward pass per curvature example, and one per predicted example (its Jacobian).
  if (hasTrait(m.kind, 'laplace')) train += Math.min(n.train, LAPLACE_EXAMPLES) + n.test + n.validation + n.ood;
  if (options.kSweep && hasTrait(m.kind, 'swag')) forward += kSweepValues(m.K).length * m.S * n.test;
  return { train, forward };
}
