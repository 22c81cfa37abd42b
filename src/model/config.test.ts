import { describe, expect, it } from 'vitest';
import { parseBertConfig } from './config';

const base = {
  model_type: 'bert',
  vocab_size: 100,
  hidden_size: 32,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 64,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.05,
  max_position_embeddings: 16,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
};

describe('parseBertConfig', () => {
  it('maps Hugging Face fields and fills BertConfig defaults', () => {
    const c = parseBertConfig(base);
    expect(c).toMatchObject({
      vocabSize: 100,
      hiddenSize: 32,
      numHiddenLayers: 2,
      numAttentionHeads: 2,
      intermediateSize: 64,
      attentionProbsDropoutProb: 0.05,
      maxPositionEmbeddings: 16,
      layerNormEps: 1e-12,
      classifierDropout: null,
      numLabels: 2,
      padTokenId: 0,
    });
    const { layer_norm_eps: _e, type_vocab_size: _t, ...minimal } = base;
    expect(parseBertConfig(minimal)).toMatchObject({ layerNormEps: 1e-12, typeVocabSize: 2 });
    expect(parseBertConfig({ ...base, id2label: { 0: 'a', 1: 'b', 2: 'c' } }).numLabels).toBe(3);
    expect(parseBertConfig({ ...base, num_labels: 5, classifier_dropout: 0.2 })).toMatchObject({ numLabels: 5, classifierDropout: 0.2 });
  });
  it('gives precise errors naming the source and field', () => {
    const { hidden_size: _h, ...noHidden } = base;
    expect(() => parseBertConfig(noHidden, 'm/config.json')).toThrow('m/config.json: required field "hidden_size" is missing');
    expect(() => parseBertConfig({ ...base, num_attention_heads: 3 })).toThrow('config.json: hidden_size 32 is not a multiple of num_attention_heads 3');
    expect(() => parseBertConfig({ ...base, hidden_act: 'relu' })).toThrow(/field "hidden_act" must be "gelu".*found "relu"/);
    expect(() => parseBertConfig({ ...base, vocab_size: 2.5 })).toThrow('config.json: field "vocab_size" must be an integer ≥ 1, found 2.5');
    expect(() => parseBertConfig({ ...base, hidden_dropout_prob: 1 })).toThrow(/"hidden_dropout_prob" must be a probability in \[0, 1\), found 1/);
    expect(() => parseBertConfig({ ...base, model_type: 'roberta' })).toThrow(/"model_type" must be "bert", found "roberta"/);
    expect(() => parseBertConfig([])).toThrow('config.json: expected a JSON object, found an array');
    expect(() => parseBertConfig({ ...base, layer_norm_eps: 0 })).toThrow(/layer_norm_eps/);
  });
});
