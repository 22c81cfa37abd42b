import { describe, expect, it } from 'vitest';
import { METHOD_SPEC } from '../state/schema';
import { METHOD_KINDS } from '../methods/config';
import { METHOD_SETTINGS, SETTING_KEYS, formNumberSettings, methodDefaults, numberProblem, usesSetting } from '../methods/settings';
import { validateMethod } from '../methods/validate';
import { methodFromArgs, UsageError } from './common_args';
import { COMMAND_HELP } from './help';

describe('the method settings table', () => {
  it('has one descriptor per MethodConfig field, and every derived place follows it', () => {
    // Compile-time: a table without one descriptor is not a METHOD_SETTINGS.
    const { seed: _seed, ...withoutSeed } = METHOD_SETTINGS;
    // @ts-expect-error the 'seed' descriptor is missing
    const incomplete: typeof METHOD_SETTINGS = withoutSeed;
    expect(incomplete).toBeDefined();
    for (const kind of METHOD_KINDS) {
      expect(Object.keys(methodDefaults(kind)).sort()).toEqual(['id', 'kind', ...SETTING_KEYS].sort());
    }
    const fields = METHOD_SPEC.fields.map((f) => f.name);
    expect(fields).toEqual(['id', 'kind', ...SETTING_KEYS]);
    const keys = METHOD_SPEC.fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    const flags = SETTING_KEYS.map((k) => METHOD_SETTINGS[k].cli);
    expect(new Set(flags).size).toBe(flags.length);
  });

  it('the link schema and the validator use the same numeric ranges', () => {
    for (const key of SETTING_KEYS) {
      const s = METHOD_SETTINGS[key];
      if (s.type !== 'int' && s.type !== 'num') continue;
      const field = METHOD_SPEC.fields.find((f) => f.name === key)!.spec;
      expect(field).toMatchObject({ type: s.type, min: s.min, max: s.max });
      const kind = METHOD_KINDS.find((k) => usesSetting(k, key))!;
      const over = { ...methodDefaults(kind), [key]: s.max * 1.5 + 1 };
      expect(validateMethod(over, null)[key], `${key} above its maximum`).toBeDefined();
      expect(numberProblem(s, s.default), `${key}'s default is in range`).toBeUndefined();
    }
  });

  it('the form shows each kind the settings it uses', () => {
    expect(formNumberSettings('b-lora-xs')).toEqual([
      'r',
      'alpha',
      'K',
      'c',
      'S',
      'lrAdapter',
      'lrHead',
      'epochs',
      'batch',
      'swagStart',
      'swagAnnealEpochs',
      'swagLr',
      'collectEverySteps',
    ]);
    expect(formNumberSettings('mc-dropout')).toEqual(['r', 'alpha', 'S', 'lrAdapter', 'lrHead', 'epochs', 'batch', 'dropout', 'earlyStopPatience']);
    expect(formNumberSettings('ensemble')).toContain('M');
    expect(formNumberSettings('lora-xs')).not.toContain('K');
  });

  it('the CLI takes one flag per setting, refuses out-of-range values by flag, and --help shows the ranges', () => {
    const m = methodFromArgs({ method: 'b-lora-xs', r: '4', 'swag-lr': '5e-3', 'collect-every': '7', targets: 'query,key', laplace: 'full' });
    expect(m).toMatchObject({ kind: 'b-lora-xs', r: 4, swagLr: 5e-3, collectEverySteps: 7, targets: ['query', 'key'], laplace: { structure: 'full' } });
    expect(() => methodFromArgs({ method: 'mc-dropout', dropout: '0.95' })).toThrow(UsageError);
    expect(() => methodFromArgs({ method: 'mc-dropout', dropout: '0.95' })).toThrow(/--dropout: dropout must be at most 0.9/);
    expect(() => methodFromArgs({ method: 'b-lora-xs', 'swag-lr': '0' })).toThrow(/--swag-lr: the SWAG learning rate must be positive/);
    expect(() => methodFromArgs({ method: 'b-lora-xs', K: '1' })).toThrow(/--K: K = 1/);
    expect(COMMAND_HELP.train).toContain('--swag-lr X');
    expect(COMMAND_HELP.train).toMatch(/--dropout X .*\[0…0\.9, default 0\.1\]/);
  });
});
