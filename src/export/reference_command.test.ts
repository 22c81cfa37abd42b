import { describe, expect, it } from 'vitest';
import { methodDefaults } from '../methods/settings';
import { referenceCommand, referenceScript } from './reference_command';

const flags = (cmd: string | null) => Object.fromEntries((cmd ?? '').split(/\s+\\\n\s+|\s+/).flatMap((a) => (a.includes('=') ? [a.split('=')] : [])));

describe('the gmum/b-lora-xs command line of a run', () => {
  it('maps a B-LoRA-XS run flag by flag', () => {
    const m = {
      ...methodDefaults('b-lora-xs'),
      r: 8,
      alpha: 16,
      K: 5,
      c: 2,
      S: 15,
      epochs: 8,
      swagStart: 3,
      swagLr: 1e-3,
      lrAdapter: 1e-3,
      lrHead: 5e-3,
      batch: 32,
      seed: 4,
    };
    const ref = referenceCommand(m);
    expect(ref.command!.startsWith('accelerate launch launch_exp_hydra.py')).toBe(true);
    expect(flags(ref.command)).toMatchObject({
      method: 'swag',
      'experiment.use_loraxs': 'True',
      'experiment.lora_r': '8',
      'experiment.lora_alpha': '16',
      'method.swag_start': '3',
      'method.swag_learning_rate': '0.001',
      'method.swag_max_num_models': '5',
      'method.swag_cov_mat': 'True',
      'method.swag_sample_scale': '2',
      'method.swag_samples': '15',
      'experiment.num_epochs': '8',
      'experiment.learning_rate': '0.001',
      'experiment.cls_learning_rate': '0.005',
      'experiment.batch_size': '32',
      'experiment.seed': '4',
    });
    // No flag the reference was not read to have.
    expect(Object.keys(flags(ref.command)).some((k) => /weight_decay|^model$/.test(k))).toBe(false);
    expect(ref.notes.join('\n')).toMatch(/UNCONFIRMED/);
  });

  it('K = 0 is diagonal SWAG; step-wise collection, other targets and layers become notes', () => {
    const ref = referenceCommand({ ...methodDefaults('b-lora-xs'), K: 0, collectEverySteps: 10, targets: ['query'], layers: [1] });
    expect(flags(ref.command)).toMatchObject({ 'method.swag_cov_mat': 'False' });
    expect(ref.command).not.toContain('swag_max_num_models');
    const notes = ref.notes.join('\n');
    expect(notes).toMatch(/collect every 10 steps/);
    expect(notes).toMatch(/targets query: no flag/);
    expect(notes).toMatch(/layers 1: no flag/);
  });

  it('SWAG-LoRA and LoRA run without LoRA-XS; methods the reference lacks get no command', () => {
    expect(flags(referenceCommand(methodDefaults('swag-lora')).command)['experiment.use_loraxs']).toBe('False');
    const lora = referenceCommand(methodDefaults('lora'));
    expect(lora.command).not.toContain('swag_sample_scale');
    expect(lora.notes.join('\n')).toMatch(/point estimate/);
    for (const kind of ['mc-dropout', 'temperature', 'ensemble', 'laplace'] as const) {
      const ref = referenceCommand(methodDefaults(kind));
      expect(ref.command).toBeNull();
      expect(referenceScript(kind, ref)).toMatch(/no equivalent of this method[\s\S]*# \(no command/);
    }
  });
});
