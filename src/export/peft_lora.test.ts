import { describe, expect, it } from 'vitest';
import { buildPeftLora, scaledBR } from './peft_lora';

describe('PEFT LoRA export', () => {
  // r = 2, in = 3, out = 2.
  const A = new Float32Array([1, 0, 2, 0, 1, -1]);
  const B = new Float32Array([1, 2, 3, 4]);
  const R = new Float32Array([0.5, 0, 1, -1]);
  const mod = { path: 'bert.encoder.layer.0.attention.self.query', A, B, R, r: 2, inFeatures: 3, outFeatures: 2, scale: 8 };

  it('lora_B = s · B R', () => {
    // B R = [[1*0.5+2*1, 2*-1], [3*0.5+4*1, 4*-1]] = [[2.5, -2], [5.5, -4]]
    expect(Array.from(scaledBR(B, R, 2, 2, 8))).toEqual([20, -16, 44, -32]);
  });

  it('reproduces the LoRA-XS update: PEFT ΔW equals s · B R A', () => {
    const out = buildPeftLora([mod], { baseModel: 'tiny-bert' });
    const la = out.tensors.find((t) => t.name.endsWith('query.lora_A.weight'))!;
    const lb = out.tensors.find((t) => t.name.endsWith('query.lora_B.weight'))!;
    expect(la.name).toBe('base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight');
    expect(la.shape).toEqual([2, 3]);
    expect(lb.shape).toEqual([2, 2]);
    const scaling = (out.config.lora_alpha as number) / (out.config.r as number);
    // ΔW_peft = scaling · lora_B lora_A ; reference = s · B (R A)
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        let peft = 0;
        for (let k = 0; k < 2; k++) peft += lb.data[i * 2 + k] * la.data[k * 3 + j];
        let ref = 0;
        for (let k = 0; k < 2; k++) {
          let ra = 0;
          for (let l = 0; l < 2; l++) ra += R[k * 2 + l] * A[l * 3 + j];
          ref += B[i * 2 + k] * ra;
        }
        expect(scaling * peft).toBeCloseTo(8 * ref, 5);
      }
    }
  });

  it('writes a PEFT adapter_config with targets and modules to save', () => {
    const head = { module: 'classifier', tensors: [{ name: 'classifier.weight', shape: [2, 3], data: new Float32Array(6) }] };
    const out = buildPeftLora([mod, { ...mod, path: 'bert.encoder.layer.0.attention.self.value' }], { baseModel: 'tiny-bert', modulesToSave: head });
    expect(out.config).toMatchObject({ peft_type: 'LORA', r: 2, lora_alpha: 2, base_model_name_or_path: 'tiny-bert', modules_to_save: ['classifier'] });
    expect(out.config.target_modules).toEqual(['bert.encoder.layer.0.attention.self.query', 'bert.encoder.layer.0.attention.self.value']);
    expect(out.tensors.map((t) => t.name)).toContain('base_model.model.classifier.weight');
  });

  it('refuses mixed ranks and wrong sizes', () => {
    expect(() => buildPeftLora([mod, { ...mod, r: 3 }], { baseModel: 'x' })).toThrow(/one rank/);
    expect(() => buildPeftLora([{ ...mod, A: new Float32Array(5) }], { baseModel: 'x' })).toThrow(/A has 5/);
  });
});
