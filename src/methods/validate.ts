// Checks a method configuration before training, so impossible settings are refused with a
// message next to the field instead of failing inside the worker.
import type { MethodConfig } from '../state/types';

export type MethodErrors = Partial<Record<keyof MethodConfig | 'general', string>>;

export interface ModelShape {
  /** Hidden width: the rank bound of every adapted square (or hidden × ffn) matrix. */
  hidden: number;
  layers: number;
}

const BAYES_SWAG: MethodConfig['kind'][] = ['b-lora-xs', 'swag-lora'];
const SAMPLED: MethodConfig['kind'][] = ['b-lora-xs', 'swag-lora', 'mc-dropout', 'laplace'];

export function validateMethod(m: MethodConfig, model: ModelShape | null): MethodErrors {
  const e: MethodErrors = {};
  const int = (v: number) => Number.isInteger(v);
  if (!int(m.r) || m.r < 1) e.r = 'r must be a whole number ≥ 1';
  else if (model && m.r > model.hidden) e.r = `r = ${m.r} exceeds the weight rank (at most ${model.hidden} for this model)`;
  if (!(m.alpha > 0)) e.alpha = 'α must be positive';
  if (!(m.lrAdapter > 0)) e.lrAdapter = 'the adapter learning rate must be positive';
  if (!(m.lrHead > 0)) e.lrHead = 'the head learning rate must be positive';
  if (!(m.weightDecay >= 0)) e.weightDecay = 'weight decay cannot be negative';
  if (!int(m.epochs) || m.epochs < 1) e.epochs = 'epochs must be a whole number ≥ 1';
  if (!int(m.batch) || m.batch < 1) e.batch = 'batch must be a whole number ≥ 1';
  if (!(m.dropout >= 0 && m.dropout < 1)) e.dropout = 'dropout must be in [0, 1)';
  if (m.targets.length === 0) e.targets = 'choose at least one matrix to adapt';
  if (model && m.layers.some((l) => !int(l) || l < 0 || l >= model.layers)) e.layers = `layers must be in 0…${model.layers - 1}`;
  if (BAYES_SWAG.includes(m.kind)) {
    if (!int(m.K) || m.K < 0) e.K = 'K must be a whole number ≥ 0 (0 = diagonal only)';
    else if (m.K === 1) e.K = 'K = 1 divides by K − 1 = 0; use 0 or ≥ 2';
    if (!(m.c >= 0)) e.c = 'the sampling scale c cannot be negative';
    if (!(m.swagLr > 0)) e.swagLr = 'the SWAG learning rate must be positive';
    if (!int(m.swagStart) || m.swagStart < 0) e.swagStart = 'SWAG start must be a whole epoch ≥ 0';
    else if (m.swagStart >= m.epochs) e.swagStart = `SWAG must start before the last epoch (epochs = ${m.epochs})`;
    if (!int(m.collectEverySteps) || m.collectEverySteps < 0) e.collectEverySteps = 'collection period must be a whole number ≥ 0';
  }
  if (!int(m.earlyStopPatience) || m.earlyStopPatience < 0) e.earlyStopPatience = 'patience must be a whole number of evaluations ≥ 0 (0 = off)';
  else if (m.earlyStopPatience > 0 && BAYES_SWAG.includes(m.kind)) e.earlyStopPatience = 'early stopping would cut the SWAG phase short: set the epochs instead (patience 0)';
  if (SAMPLED.includes(m.kind) && (!int(m.S) || m.S < 1)) e.S = 'S must be a whole number ≥ 1';
  if (m.kind === 'mc-dropout' && !(m.dropout > 0)) e.dropout = 'MC dropout needs dropout > 0';
  if (m.kind === 'ensemble' && (!int(m.M) || m.M < 2)) e.M = 'an ensemble needs M ≥ 2 members';
  return e;
}

export function hasErrors(e: MethodErrors): boolean {
  return Object.keys(e).length > 0;
}
