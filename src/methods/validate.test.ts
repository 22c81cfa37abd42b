import { describe, expect, it } from 'vitest';
import type { MethodConfig } from './config';
import { hasErrors, validateMethod } from './validate';
import { methodDefaults } from './settings';

// Every field the table has, at its default, under the values these cases vary.
const base: MethodConfig = {
  ...methodDefaults('b-lora-xs'),
  id: 'm1',
  kind: 'b-lora-xs',
  r: 4,
  alpha: 16,
  targets: ['query', 'value'],
  layers: [],
  K: 5,
  c: 0.5,
  S: 8,
  M: 3,
  laplace: { structure: 'diag' },
  lrAdapter: 1e-3,
  lrHead: 5e-3,
  weightDecay: 0.01,
  epochs: 3,
  batch: 16,
  swagStart: 1,
  swagAnnealEpochs: 1,
  swagLr: 1e-3,
  collectEverySteps: 0,
  dropout: 0.1,
  earlyStopPatience: 0,
  seed: 1,
};
const model = { hidden: 64, layers: 2 };

describe('validateMethod', () => {
  it('accepts a sensible B-LoRA-XS configuration', () => {
    expect(validateMethod(base, model)).toEqual({});
  });
  it('refuses r above the weight rank', () => {
    expect(validateMethod({ ...base, r: 65 }, model).r).toMatch(/exceeds the weight rank/);
    expect(validateMethod({ ...base, r: 64 }, model).r).toBeUndefined();
    expect(validateMethod({ ...base, r: 0 }, model).r).toBeDefined();
  });
  it('refuses K < 0, K = 1 and c < 0 for SWAG methods only', () => {
    expect(validateMethod({ ...base, K: -1 }, model).K).toBeDefined();
    expect(validateMethod({ ...base, K: 1 }, model).K).toMatch(/K − 1/);
    expect(validateMethod({ ...base, K: 0 }, model).K).toBeUndefined();
    expect(validateMethod({ ...base, c: -0.1 }, model).c).toBeDefined();
    expect(validateMethod({ ...base, kind: 'lora-xs', K: -1, c: -1 }, model)).toEqual({});
  });
  it('refuses non-positive learning rates', () => {
    expect(validateMethod({ ...base, lrAdapter: 0 }, model).lrAdapter).toBeDefined();
    expect(validateMethod({ ...base, lrHead: -1e-3 }, model).lrHead).toBeDefined();
    expect(validateMethod({ ...base, lrAdapter: NaN }, model).lrAdapter).toBeDefined();
    expect(hasErrors(validateMethod({ ...base, swagLr: 0 }, model))).toBe(true);
  });
  it('checks layers, ensemble size and MC dropout rate', () => {
    expect(validateMethod({ ...base, layers: [2] }, model).layers).toMatch(/0…1/);
    expect(validateMethod({ ...base, kind: 'ensemble', M: 1 }, model).M).toBeDefined();
    expect(validateMethod({ ...base, kind: 'mc-dropout', dropout: 0 }, model).dropout).toBeDefined();
    expect(validateMethod({ ...base, swagStart: 3 }, model).swagStart).toBeDefined();
  });
  it('takes early-stopping patience for point estimates only, as a whole number ≥ 0', () => {
    expect(validateMethod({ ...base, kind: 'lora-xs', earlyStopPatience: 3 }, model)).toEqual({});
    expect(validateMethod({ ...base, kind: 'lora-xs', earlyStopPatience: -1 }, model).earlyStopPatience).toBeDefined();
    expect(validateMethod({ ...base, kind: 'lora-xs', earlyStopPatience: 1.5 }, model).earlyStopPatience).toBeDefined();
    expect(validateMethod({ ...base, earlyStopPatience: 2 }, model).earlyStopPatience).toMatch(/SWAG phase/);
  });
  it('skips the rank bound when the model is not loaded yet', () => {
    expect(validateMethod({ ...base, r: 1000 }, null).r).toBeUndefined();
  });
});

describe('the SWAG plan, checked while editing, in the page’s or the CLI’s words', () => {
  // 64 examples in batches of 16: 4 steps per epoch; SWAG over epochs 2–3 collects once per epoch.
  const plan = { ...base, epochs: 4, swagStart: 2, K: 10 };
  it('puts “fewer than K” beside K, naming the form’s fields and no flag', () => {
    const e = validateMethod(plan, model, { nTrain: 64 });
    expect(e.K).toMatch(
      /makes 2 collections: fewer than K = 10 deviation rows; lower “K \(deviation rows\)” or collect more often \(“Collect every \(steps, 0 = epoch\)”\)/,
    );
    expect(e.K).not.toMatch(/--/);
    expect(Object.keys(e)).toEqual(['K']);
  });
  it('names the flags in the CLI’s words', () => {
    expect(validateMethod(plan, model, { nTrain: 64, words: 'cli' }).K).toMatch(/lower --K or collect more often \(--collect-every\)/);
  });
  it('puts “fewer than 2 collections” beside the SWAG start, and counts the step cap', () => {
    const e = validateMethod({ ...plan, K: 0 }, model, { nTrain: 64, maxSteps: 10 });
    expect(e.swagStart).toMatch(/capped at 10 steps \(“Max steps \(0 = all\)”\), .* makes 0 collections: a SWAG posterior needs at least 2/);
    expect(e.swagStart).toMatch(/“SWAG start epoch”.*“Epochs”.*“Collect every/);
  });
  it('is fixed by collecting more often, and skipped without a data set or for non-SWAG methods', () => {
    expect(validateMethod({ ...plan, K: 8, collectEverySteps: 1 }, model, { nTrain: 64 })).toEqual({});
    expect(validateMethod(plan, model)).toEqual({});
    expect(validateMethod({ ...plan, kind: 'lora-xs' }, model, { nTrain: 64 })).toEqual({});
  });
  it('names the other field of a cross-field check in the page’s words', () => {
    expect(validateMethod({ ...base, swagStart: 3 }, model).swagStart).toBe('SWAG must start before the last epoch (“Epochs” is 3)');
    expect(validateMethod({ ...base, swagStart: 3 }, model, { words: 'cli' }).swagStart).toBe('SWAG must start before the last epoch (--epochs is 3)');
  });
});
