// Whether the settings on the page can start runs, and if not, the first reason in the page's
// words. The Start button's blocker and the controller that creates runs (startRuns) both ask
// this, so no run is ever created from settings the trainer would refuse.
import { METHOD_SETTINGS, type SettingKey } from '../../methods/settings';
import { RUN_SETTINGS, runSettingErrors, type RunSettingKey } from '../../methods/run_settings';
import { validateMethod, type CheckContext, type MethodErrors, type ModelShape } from '../../methods/validate';
import type { MethodConfig } from '../../methods/config';
import { METHOD_NAMES } from '../common/method_info';
import { parseSeeds } from './SeedsField';

export type RunSettingValues = Record<RunSettingKey, number>;

/** The context a method is checked in on the page: its SWAG plan over the training examples a run would get. */
export function pageCheckContext(trainExamples: number | null, run: Pick<RunSettingValues, 'maxSteps' | 'maxExamples'>): CheckContext {
  if (trainExamples === null) return { words: 'page' };
  const cap = Number.isInteger(run.maxExamples) && run.maxExamples > 0 ? run.maxExamples : Infinity;
  return { words: 'page', nTrain: Math.min(trainExamples, cap), maxSteps: Number.isInteger(run.maxSteps) && run.maxSteps > 0 ? run.maxSteps : undefined };
}

/** “<label>”: why, for the first field with a problem. */
export function firstFieldProblem(errors: MethodErrors): string | null {
  const [key, why] = Object.entries(errors)[0] ?? [];
  if (!key) return null;
  if (key === 'general') return why ?? null;
  return `“${METHOD_SETTINGS[key as SettingKey].label}”: ${why}`;
}

export interface StartSettings {
  methods: MethodConfig[];
  seeds: number[];
  /** Training examples of the data set in use (before the run options' cap), null when none is loaded. */
  trainExamples: number | null;
  run: RunSettingValues;
  model: ModelShape | null;
}

/** Why these settings cannot start runs, in the page's words, or null when they can. */
export function startSettingsProblem(s: StartSettings): string | null {
  for (const m of s.methods) {
    const p = firstFieldProblem(validateMethod(m, s.model, pageCheckContext(s.trainExamples, s.run)));
    if (p) return `${METHOD_NAMES[m.kind] ?? m.kind}, method ${m.id}: ${p}`;
  }
  const runErrors = runSettingErrors(s.run);
  const [key, why] = Object.entries(runErrors)[0] ?? [];
  if (key) return `Run options: “${RUN_SETTINGS[key as RunSettingKey].label}” ${why}`;
  const seeds = parseSeeds(s.seeds.join(','));
  if ('error' in seeds) return `Seeds: ${seeds.error}`;
  return null;
}
