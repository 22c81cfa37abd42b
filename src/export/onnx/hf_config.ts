// config.json of the merged model: the family's Hugging Face *ForSequenceClassification config
// (BERT, DistilBERT, RoBERTa, XLM-R), written from the parsed BertConfig (every field the
// architecture reads, in the family's own keys) with the run's label names, so transformers /
// transformers.js / Optimum loaders map logits to labels.
import type { BertConfig } from '../../model/config';
import type { ModelFamilyId } from '../../model/families';
import { familyExport } from '../family_export';

/** Token ids a RoBERTa-style config names (its tokenizer's <s> and </s>). */
export interface SpecialTokenIds {
  bos?: number;
  eos?: number;
}

export function seqClsConfig(cfg: BertConfig, labelNames: readonly string[], family?: ModelFamilyId, tokens: SpecialTokenIds = {}): Record<string, unknown> {
  if (labelNames.length < 1) throw new Error('config.json: the run has no label names');
  if (new Set(labelNames).size !== labelNames.length)
    throw new Error(`config.json: label names repeat (${labelNames.join(', ')}); label2id needs them distinct`);
  const id2label = Object.fromEntries(labelNames.map((name, i) => [String(i), name]));
  const label2id = Object.fromEntries(labelNames.map((name, i) => [name, i]));
  const fam = familyExport(family);
  const head = { problem_type: 'single_label_classification', id2label, label2id };
  if (fam.id === 'distilbert') return { ...distilbertConfig(cfg), ...head };
  if (fam.id === 'roberta' || fam.id === 'xlm-roberta') {
    // The engine's position table starts at padding_idx + 1 (family_config.ts): HF's has those rows too.
    return {
      ...bertConfig(cfg, fam.seqClsArchitecture, fam.modelType),
      max_position_embeddings: cfg.maxPositionEmbeddings + cfg.padTokenId + 1,
      ...(tokens.bos !== undefined ? { bos_token_id: tokens.bos } : {}),
      ...(tokens.eos !== undefined ? { eos_token_id: tokens.eos } : {}),
      ...head,
    };
  }
  return { ...bertConfig(cfg, fam.seqClsArchitecture, fam.modelType), ...head };
}

function distilbertConfig(cfg: BertConfig): Record<string, unknown> {
  return {
    architectures: ['DistilBertForSequenceClassification'],
    model_type: 'distilbert',
    vocab_size: cfg.vocabSize,
    dim: cfg.hiddenSize,
    n_layers: cfg.numHiddenLayers,
    n_heads: cfg.numAttentionHeads,
    hidden_dim: cfg.intermediateSize,
    activation: cfg.hiddenAct,
    dropout: cfg.hiddenDropoutProb,
    attention_dropout: cfg.attentionProbsDropoutProb,
    max_position_embeddings: cfg.maxPositionEmbeddings,
    sinusoidal_pos_embds: false,
    seq_classif_dropout: cfg.classifierDropout ?? cfg.hiddenDropoutProb,
    initializer_range: 0.02,
    pad_token_id: cfg.padTokenId,
  };
}

function bertConfig(cfg: BertConfig, architecture: string, modelType: string): Record<string, unknown> {
  return {
    architectures: [architecture],
    model_type: modelType,
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
  };
}
