// The run options the page's "Run options" and the CLI share (step cap, evaluation and checkpoint
// cadence, examples per split): label, flag and range, and the check both apply. The ranges are
// the link schema's (state/schema.ts runOptions).
export type RunSettingKey = 'maxSteps' | 'maxExamples' | 'evalEverySteps' | 'checkpointEverySteps';

export interface RunSetting {
  /** Label in the page's run options. */
  label: string;
  /** CLI flag without the dashes (the CLI caps the training split with --max-train, evaluation splits with --max-eval). */
  cli: string;
  max: number;
}

export const RUN_SETTINGS: { readonly [K in RunSettingKey]: RunSetting } = {
  maxSteps: { label: 'Max steps (0 = all)', cli: 'max-steps', max: 10_000_000 },
  maxExamples: { label: 'Examples per split (0 = all)', cli: 'max-train', max: 100_000_000 },
  evalEverySteps: { label: 'Evaluate every (steps, 0 = epoch)', cli: 'eval-every', max: 10_000_000 },
  checkpointEverySteps: { label: 'Checkpoint every (steps)', cli: 'checkpoint-every', max: 10_000_000 },
};

export const RUN_SETTING_KEYS = Object.keys(RUN_SETTINGS) as RunSettingKey[];

/** Why a run option's value cannot be used (a whole number from 0 to its maximum), or undefined. */
export function runSettingProblem(key: RunSettingKey, v: number): string | undefined {
  const max = RUN_SETTINGS[key].max;
  if (!Number.isInteger(v) || v < 0) return 'must be a whole number ≥ 0';
  if (v > max) return `must be at most ${max.toLocaleString('en-US')}`;
  return undefined;
}

export type RunSettingErrors = Partial<Record<RunSettingKey, string>>;

export function runSettingErrors(o: Record<RunSettingKey, number>): RunSettingErrors {
  const e: RunSettingErrors = {};
  for (const key of RUN_SETTING_KEYS) {
    const why = runSettingProblem(key, o[key]);
    if (why) e[key] = why;
  }
  return e;
}
