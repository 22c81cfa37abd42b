import { describe, expect, it } from 'vitest';
import { loraConfig } from './lora_config';
import type { TensorEntry } from './peft_lora';

const t = (name: string, shape: number[]): TensorEntry => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const adapters = (prefix = '') => [
  t(`${prefix}encoder.layer.1.attention.self.value.lora_A`, [4, 8]),
  t(`${prefix}encoder.layer.1.attention.self.value.lora_B`, [8, 4]),
  t(`${prefix}encoder.layer.0.output.dense.lora_A`, [4, 16]),
  t(`${prefix}encoder.layer.0.output.dense.lora_B`, [8, 4]),
  t(`${prefix}pooler.dense.weight`, [8, 8]),
  t(`${prefix}classifier.weight`, [2, 8]),
];

describe('loraConfig', () => {
  it("the run's training settings: lora_alpha = α, exact module paths, the head saved whole", () => {
    const { json, python } = loraConfig({ kind: 'b-lora-xs', r: 4, alpha: 16 }, [...adapters(), t('swag.mean', [32])], 'bert-base-uncased');
    expect(json).toEqual({
      task_type: 'SEQ_CLS',
      r: 4,
      lora_alpha: 16,
      lora_dropout: 0,
      bias: 'none',
      target_modules: ['bert.encoder.layer.0.output.dense', 'bert.encoder.layer.1.attention.self.value'],
      modules_to_save: ['classifier', 'pooler'],
    });
    expect(python).toContain('    target_modules=["bert.encoder.layer.0.output.dense","bert.encoder.layer.1.attention.self.value"],');
    expect(python).toContain('from_pretrained("bert-base-uncased", num_labels=NUM_LABELS)');
    expect(python).toMatch(/LoRA-XS: PEFT trains/);
  });
  it('plain LoRA has no LoRA-XS note; an ensemble is described by its first member', () => {
    expect(loraConfig({ kind: 'lora', r: 4, alpha: 8 }, adapters(), null).python).not.toMatch(/LoRA-XS/);
    const ens = loraConfig({ kind: 'ensemble', r: 4, alpha: 8 }, [...adapters('member0.'), ...adapters('member1.')], null);
    expect(ens.json.target_modules).toHaveLength(2);
    expect(ens.python).toContain('PATH/TO/BASE_MODEL');
  });
});
