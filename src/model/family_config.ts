// Each family's config.json as a BertConfig, and its tensors as the engine's BERT layout where the
// math differs only in where numbers sit: RoBERTa's positions start at padding_idx + 1 (the rows
// below are sliced off, so row i is the position of token i), DistilBERT has no token types (one
// zero row is added). Everything else (post-LN layers, erf GELU, masking) is BERT's.
import { parseBertConfig, type BertConfig } from './config';
import { familyById, type ModelFamilyId } from './families';
import type { TensorMap } from './safetensors';

type Json = Record<string, unknown>;

/** config.json of a family in BertConfig's keys (parseBertConfig then validates it). */
export function bertConfigJson(family: ModelFamilyId, j: Json): Json {
  if (family === 'bert') return j;
  if (family === 'distilbert') {
    return {
      vocab_size: j.vocab_size,
      hidden_size: j.dim ?? 768,
      num_hidden_layers: j.n_layers ?? 6,
      num_attention_heads: j.n_heads ?? 12,
      intermediate_size: j.hidden_dim ?? 3072,
      hidden_act: j.activation ?? 'gelu',
      hidden_dropout_prob: j.dropout ?? 0.1,
      attention_probs_dropout_prob: j.attention_dropout ?? 0.1,
      max_position_embeddings: j.max_position_embeddings ?? 512,
      type_vocab_size: 1,
      layer_norm_eps: 1e-12, // fixed in DistilBERT's modeling code
      pad_token_id: j.pad_token_id ?? 0,
      classifier_dropout: j.seq_classif_dropout ?? 0.2,
      num_labels: j.num_labels,
      id2label: j.id2label,
    };
  }
  const pad = positionOffset(family, j) - 1;
  const maxPos = typeof j.max_position_embeddings === 'number' ? j.max_position_embeddings - pad - 1 : j.max_position_embeddings;
  return { ...j, model_type: 'bert', pad_token_id: pad, max_position_embeddings: maxPos };
}

/** Rows of position_embeddings before position 0 (RoBERTa: padding_idx + 1). */
export function positionOffset(family: ModelFamilyId, j: Json): number {
  if (family !== 'roberta' && family !== 'xlm-roberta') return 0;
  return (typeof j.pad_token_id === 'number' ? j.pad_token_id : 1) + 1;
}

/** The family's config.json as a BertConfig with the family's head activation (families.ts). */
export function parseFamilyConfig(family: ModelFamilyId, raw: unknown): BertConfig {
  return { ...parseBertConfig(bertConfigJson(family, (raw ?? {}) as Json), 'config.json'), headActivation: familyById(family).headActivation };
}

/** Tensors of the family in the BERT layout, in place; a tensor of another shape is left for the loader's shape check to name. */
export function adaptFamilyWeights(family: ModelFamilyId, raw: Json, cfg: BertConfig, w: TensorMap): void {
  const offset = positionOffset(family, raw);
  const pos = w.get('embeddings.position_embeddings.weight');
  if (offset > 0 && pos && pos.shape.length === 2 && pos.shape[0] === cfg.maxPositionEmbeddings + offset) {
    const H = pos.shape[1];
    w.set('embeddings.position_embeddings.weight', { shape: [cfg.maxPositionEmbeddings, H], data: pos.data.slice(offset * H) });
  }
  if (family === 'distilbert' && !w.has('embeddings.token_type_embeddings.weight')) {
    w.set('embeddings.token_type_embeddings.weight', { shape: [1, cfg.hiddenSize], data: new Float32Array(cfg.hiddenSize) });
  }
}
