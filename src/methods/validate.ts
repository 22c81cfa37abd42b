// Checks a method configuration before training, so impossible settings are refused with a
// message next to the field instead of failing inside the worker. Ranges come from the settings
// table (settings.ts), the same ones the link schema enforces; what is left here are the checks
// that need the model, the training set's size (the SWAG plan) or more than one field. The page
// and the trainer call the same function; only the words naming other fields differ (wording.ts).
import { hasTrait, type MethodConfig } from './config';
import { METHOD_SETTINGS, SETTING_KEYS, numberProblem, usesSetting, type Setting } from './settings';
import { scheduleCheck } from './swag_plan';
import { settingName, type Wording } from './wording';

export type MethodErrors = Partial<Record<keyof MethodConfig | 'general', string>>;

export interface ModelShape {
  /** Hidden width: the rank bound of every adapted square (or hidden × ffn) matrix. */
  hidden: number;
  layers: number;
}

/** What else a check can use: the training examples a run gets and its step cap (for the SWAG plan), and whose words to use. */
export interface CheckContext {
  /** Training examples the run will train on (after any cap); without it the SWAG plan is not checked. */
  nTrain?: number;
  /** The run's optimizer-step cap (0 or undefined: none). */
  maxSteps?: number;
  /** 'page' (default) names other fields by their form labels, 'cli' by their flags. */
  words?: Wording;
}

export function validateMethod(m: MethodConfig, model: ModelShape | null, ctx: CheckContext = {}): MethodErrors {
  const e: MethodErrors = {};
  const name = (k: Parameters<typeof settingName>[0]) => settingName(k, ctx.words ?? 'page');
  for (const key of SETTING_KEYS) {
    if (!usesSetting(m.kind, key)) continue;
    const s = METHOD_SETTINGS[key] as Setting;
    if (s.type === 'int' || s.type === 'num') {
      const why = numberProblem(s, m[key] as number);
      if (why) e[key] = why;
    }
  }
  // The table's bound is the widest supported model; the loaded model's width is the real one.
  if (!e.r && model && m.r > model.hidden) e.r = `r = ${m.r} exceeds the weight rank (at most ${model.hidden} for this model)`;
  if (m.targets.length === 0) e.targets = 'choose at least one matrix to adapt';
  const maxLayer = model ? model.layers - 1 : METHOD_SETTINGS.layers.maxLayer;
  if (m.layers.some((l) => !Number.isInteger(l) || l < 0 || l > maxLayer)) e.layers = `layers must be in 0…${maxLayer}`;
  const swag = hasTrait(m.kind, 'swag');
  if (swag) {
    if (!e.K && m.K === 1) e.K = 'K = 1 divides by K − 1 = 0; use 0 or ≥ 2';
    if (!e.swagStart && !e.epochs && m.swagStart >= m.epochs) e.swagStart = `SWAG must start before the last epoch (${name('epochs')} is ${m.epochs})`;
    if (m.earlyStopPatience > 0)
      e.earlyStopPatience = `early stopping would cut the SWAG phase short: set ${name('epochs')} instead (${name('earlyStopPatience')} 0)`;
    // The plan needs sound inputs: a range error on one of them is the message to fix first.
    const planInputs = ['epochs', 'batch', 'swagStart', 'collectEverySteps', 'K'] as const;
    if (ctx.nTrain !== undefined && ctx.nTrain > 0 && planInputs.every((k) => !e[k])) {
      const p = scheduleCheck(m, ctx.nTrain, m.K, ctx.maxSteps || Infinity, ctx.words ?? 'page');
      if (p) e[p.field] = p.message;
    }
  }
  if (hasTrait(m.kind, 'test-time-dropout') && !e.dropout && !(m.dropout > 0)) e.dropout = 'MC dropout needs dropout > 0';
  return e;
}

export function hasErrors(e: MethodErrors): boolean {
  return Object.keys(e).length > 0;
}
