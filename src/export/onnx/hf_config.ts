// config.json of the merged model: a Hugging Face BertForSequenceClassification config, written
// from the parsed BertConfig (every field the architecture reads) with the run's label names, so
// transformers / transformers.js / Optimum loaders map logits to labels.
import type { BertConfig } from '../../model/config';

/** HF's own names for a head without label names (PretrainedConfig: LABEL_0 …). */
export function defaultLabelNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `LABEL_${i}`);
}

export function seqClsConfig(cfg: BertConfig, labelNames: readonly string[]): Record<string, unknown> {
  if (labelNames.length < 1) throw new Error('config.json: the run has no label names');
  if (new Set(labelNames).size !== labelNames.length)
    throw new Error(`config.json: label names repeat (${labelNames.join(', ')}); label2id needs them distinct`);
  const id2label = Object.fromEntries(labelNames.map((name, i) => [String(i), name]));
  const label2id = Object.fromEntries(labelNames.map((name, i) => [name, i]));
  return {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    vocab_size: cfg.vocabSize,
    hidden_size: cfg.hiddenSize,
    num_hidden_layers: cfg.numHiddenLayers,
    num_attention_heads: cfg.numAttentionHeads,
    intermediate_size: cfg.intermediateSize,
    hidden_act: cfg.hiddenAct,
    hidden_dropout_prob: cfg.hiddenDropoutProb,
    attention_probs_dropout_prob: cfg.attentionProbsDropoutProb,
    max_position_embeddings: cfg.maxPositionEmbeddings,
    type_vocab_size: cfg.typeVocabSize,
    initializer_range: 0.02,
    layer_norm_eps: cfg.layerNormEps,
    pad_token_id: cfg.padTokenId,
    position_embedding_type: 'absolute',
    classifier_dropout: cfg.classifierDropout,
    problem_type: 'single_label_classification',
    id2label,
    label2id,
  };
}
