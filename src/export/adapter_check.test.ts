import { describe, expect, it } from 'vitest';
import type { TensorMap } from '../model/safetensors';
import { checkAdaptersFitBase } from './adapter_check';
import type { TensorEntry } from './peft_lora';

const H = 8,
  R = 2;
const base: TensorMap = new Map([
  ['embeddings.word_embeddings.weight', { shape: [10, H], data: new Float32Array(10 * H) }],
  ['encoder.layer.0.attention.self.query.weight', { shape: [H, H], data: new Float32Array(H * H) }],
  ['encoder.layer.0.intermediate.dense.weight', { shape: [16, H], data: new Float32Array(16 * H) }],
]);
const t = (name: string, shape: number[]): TensorEntry => ({ name, shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const good = () => [
  t('encoder.layer.0.attention.self.query.lora_A', [R, H]),
  t('encoder.layer.0.attention.self.query.lora_B', [H, R]),
  t('encoder.layer.0.attention.self.query.lora_R', [R, R]),
  t('encoder.layer.0.intermediate.dense.lora_A', [R, H]),
  t('encoder.layer.0.intermediate.dense.lora_B', [16, R]),
  t('pooler.dense.weight', [H, H]),
  t('classifier.bias', [3]),
  t('classifier.weight', [3, H]),
  t('swag.mean', [99]),
];

describe('checkAdaptersFitBase', () => {
  it('accepts adapters of this model (posterior statistics are not checked; bert. and member prefixes are)', () => {
    expect(() => checkAdaptersFitBase(base, good(), R)).not.toThrow();
    expect(() =>
      checkAdaptersFitBase(
        base,
        good().map((x) => ({ ...x, name: `member1.bert.${x.name}` })),
        R,
      ),
    ).not.toThrow();
  });
  it('names the first tensor that does not fit and both shapes', () => {
    const bad = good();
    bad[4] = t('encoder.layer.0.intermediate.dense.lora_B', [8, R]);
    bad[5] = t('pooler.dense.weight', [4, 4]);
    expect(() => checkAdaptersFitBase(base, bad, R, 'M')).toThrow(
      'adapter tensor encoder.layer.0.intermediate.dense.lora_B has shape [8, 2] but M needs [16, 2] (encoder.layer.0.intermediate.dense.weight is [16, 8], r = 2)',
    );
    expect(() => checkAdaptersFitBase(base, good(), 4)).toThrow(/lora_A has shape \[2, 8\] but .* needs \[4, 8\]/);
    expect(() => checkAdaptersFitBase(base, [t('classifier.bias', [2]), t('classifier.weight', [3, H])], R)).toThrow(
      /classifier\.bias has shape \[2\] but .* needs \[3\]/,
    );
    expect(() => checkAdaptersFitBase(base, [t('encoder.layer.5.output.dense.lora_A', [R, H])], R)).toThrow(/no linear layer encoder\.layer\.5\.output\.dense/);
  });
});
