// Checks a method configuration before training, so impossible settings are refused with a
// message next to the field instead of failing inside the worker. Ranges come from the settings
// table (settings.ts), the same ones the link schema enforces; what is left here are the checks
// that need the model or more than one field.
import { hasTrait, type MethodConfig } from './config';
import { METHOD_SETTINGS, SETTING_KEYS, numberProblem, usesSetting, type Setting } from './settings';

export type MethodErrors = Partial<Record<keyof MethodConfig | 'general', string>>;

export interface ModelShape {
  /** Hidden width: the rank bound of every adapted square (or hidden × ffn) matrix. */
  hidden: number;
  layers: number;
}

export function validateMethod(m: MethodConfig, model: ModelShape | null): MethodErrors {
  const e: MethodErrors = {};
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
    if (!e.swagStart && m.swagStart >= m.epochs) e.swagStart = `SWAG must start before the last epoch (epochs = ${m.epochs})`;
    if (m.earlyStopPatience > 0) e.earlyStopPatience = 'early stopping would cut the SWAG phase short: set the epochs instead (patience 0)';
  }
  if (hasTrait(m.kind, 'test-time-dropout') && !e.dropout && !(m.dropout > 0)) e.dropout = 'MC dropout needs dropout > 0';
  return e;
}

export function hasErrors(e: MethodErrors): boolean {
  return Object.keys(e).length > 0;
}
