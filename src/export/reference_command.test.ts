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
    // The reported predictive: the sampling evaluation with the run's S and c.
    expect(ref.evaluate!.startsWith('python sampling_evaluation.py')).toBe(true);
    expect(flags(ref.evaluate)).toMatchObject({
      'evaluation.eval_method': 'swag',
      'evaluation.num_samples': '15',
      'evaluation.swag_sample_scale': '2',
      'method.swag_cov_mat': 'True',
    });
    expect(referenceScript('run', ref)).toMatch(/# Train:\naccelerate launch[\s\S]*# Evaluate the saved run by sampling:\npython sampling_evaluation\.py/);
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
    expect(lora.evaluate).toBeNull();
    expect(lora.notes.join('\n')).toMatch(/point estimate/);
    // MC dropout: LoRA-XS training, then the dropout evaluation of the saved base model.
    const mc = referenceCommand({ ...methodDefaults('mc-dropout'), S: 7 });
    expect(flags(mc.command)['experiment.use_loraxs']).toBe('True');
    expect(flags(mc.evaluate)).toMatchObject({ 'evaluation.eval_method': 'dropout', 'evaluation.num_samples': '7' });
    for (const kind of ['temperature', 'ensemble', 'laplace'] as const) {
      const ref = referenceCommand(methodDefaults(kind));
      expect(ref.command).toBeNull();
      expect(referenceScript(kind, ref)).toMatch(/no equivalent of this method[\s\S]*# \(no command/);
    }
  });
});
