import { describe, expect, it } from 'vitest';
import { canonicalName } from './checkpoint_names';
import { defaultTargets, familyById, familyOfConfig, MODEL_FAMILIES } from './families';
import { ModelError } from './errors';
import { bertConfigJson } from './family_config';

describe('model families', () => {
  it('maps DistilBERT and RoBERTa tensor names onto BertModel names', () => {
    expect(canonicalName('distilbert.transformer.layer.1.attention.q_lin.weight', 'distilbert').name).toBe('encoder.layer.1.attention.self.query.weight');
    expect(canonicalName('distilbert.transformer.layer.0.sa_layer_norm.bias', 'distilbert').name).toBe('encoder.layer.0.attention.output.LayerNorm.bias');
    expect(canonicalName('transformer.layer.5.ffn.lin2.weight', 'distilbert').name).toBe('encoder.layer.5.output.dense.weight');
    expect(canonicalName('distilbert.transformer.layer.0.output_layer_norm.weight', 'distilbert').name).toBe('encoder.layer.0.output.LayerNorm.weight');
    expect(canonicalName('vocab_projector.weight', 'distilbert').role).toBe('ignored');
    expect(canonicalName('pre_classifier.weight', 'distilbert').role).toBe('classifier');
    expect(canonicalName('roberta.encoder.layer.0.attention.self.key.bias', 'roberta')).toEqual({
      name: 'encoder.layer.0.attention.self.key.bias',
      role: 'encoder',
    });
    expect(canonicalName('lm_head.decoder.weight', 'xlm-roberta').role).toBe('ignored');
    expect(canonicalName('classifier.out_proj.weight', 'roberta').role).toBe('classifier');
    expect(canonicalName('roberta.embeddings.token_type_ids', 'roberta').role).toBe('ignored');
  });

  it('translates DistilBERT and RoBERTa configs (positions past padding_idx + 1)', () => {
    expect(bertConfigJson('distilbert', { dim: 768, n_layers: 6, n_heads: 12, hidden_dim: 3072, vocab_size: 30522 })).toMatchObject({
      hidden_size: 768,
      num_hidden_layers: 6,
      type_vocab_size: 1,
      classifier_dropout: 0.2,
    });
    expect(bertConfigJson('roberta', { max_position_embeddings: 514, pad_token_id: 1 })).toMatchObject({ max_position_embeddings: 512, model_type: 'bert' });
  });

  it('lists each family default LoRA-XS targets in its own names', () => {
    expect(defaultTargets(familyById('bert'))).toEqual(['attention.self.query', 'attention.self.value', 'attention.output.dense', 'output.dense']);
    expect(defaultTargets(familyById('distilbert'))).toEqual(['attention.q_lin', 'attention.v_lin', 'attention.out_lin', 'ffn.lin2']);
    for (const f of MODEL_FAMILIES) expect(Object.keys(f.moduleNames)).toHaveLength(6);
  });

  it('refuses an unsupported model_type or architecture, naming it and the supported list', () => {
    const err = (raw: unknown) => {
      try {
        familyOfConfig(raw, 'm');
      } catch (e) {
        expect(e).toBeInstanceOf(ModelError);
        return e as ModelError;
      }
      throw new Error('expected a refusal');
    };
    const e = err({ model_type: 'deberta-v2', architectures: ['DebertaV2ForSequenceClassification'] });
    expect(e.code).toBe('unsupported_architecture');
    expect(e.found).toBe('"deberta-v2"');
    expect(e.message).toContain(
      'supported: model_type "bert" (Bert*), model_type "distilbert" (DistilBert*), model_type "roberta" (Roberta*), model_type "xlm-roberta" (XLMRoberta*)',
    );
    expect(err({ model_type: 'roberta', architectures: ['BertModel'] }).message).toMatch(/architecture BertModel is not supported for model_type "roberta"/);
    expect(familyOfConfig({ architectures: ['BertForMaskedLM'] }, 'm').id).toBe('bert');
  });
});
