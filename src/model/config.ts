// Hugging Face BertConfig (config.json) → a validated, camel-cased config for the encoder.
// Unknown keys are ignored; missing keys take BertConfig's defaults except the shape-defining ones,
// which must be present. Errors name the source, the field, what was expected and what was found.
import type { HeadActivation } from './families';

export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenAct: 'gelu';
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  padTokenId: number;
  /** Dropout before the classifier; null means hiddenDropoutProb (as HF BertForSequenceClassification). */
  classifierDropout: number | null;
  /** Number of labels for the classification head (from num_labels or id2label; default 2). */
  numLabels: number;
  /** The head's activation after pooler.dense: tanh (BERT's pooler; parseBertConfig) or ReLU (DistilBERT's pre_classifier; families.ts). */
  headActivation: HeadActivation;
}

export class ConfigError extends Error {}

type Json = Record<string, unknown>;

function fail(source: string, field: string, expected: string, found: unknown): never {
  throw new ConfigError(`${source}: field "${field}" must be ${expected}, found ${JSON.stringify(found)}`);
}

function int(j: Json, source: string, key: string, min: number, dflt?: number): number {
  const v = j[key] ?? dflt;
  if (v === undefined) throw new ConfigError(`${source}: required field "${key}" is missing`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(source, key, `an integer ≥ ${min}`, v);
  return v;
}

function prob(j: Json, source: string, key: string, dflt: number): number {
  const v = j[key] ?? dflt;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) fail(source, key, 'a probability in [0, 1)', v);
  return v;
}

export function parseBertConfig(json: unknown, source = 'config.json'): BertConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError(`${source}: expected a JSON object, found ${Array.isArray(json) ? 'an array' : typeof json}`);
  const j = json as Json;
  if (j.model_type !== undefined && j.model_type !== 'bert') fail(source, 'model_type', '"bert"', j.model_type);
  const act = j.hidden_act ?? 'gelu';
  if (act !== 'gelu') fail(source, 'hidden_act', '"gelu" (exact erf GELU; other activations are not implemented)', act);
  const pet = j.position_embedding_type ?? 'absolute';
  if (pet !== 'absolute') fail(source, 'position_embedding_type', '"absolute"', pet);
  const hiddenSize = int(j, source, 'hidden_size', 1);
  const numAttentionHeads = int(j, source, 'num_attention_heads', 1);
  if (hiddenSize % numAttentionHeads !== 0) {
    throw new ConfigError(`${source}: hidden_size ${hiddenSize} is not a multiple of num_attention_heads ${numAttentionHeads}`);
  }
  const eps = j.layer_norm_eps ?? 1e-12;
  if (typeof eps !== 'number' || !(eps > 0)) fail(source, 'layer_norm_eps', 'a positive number', eps);
  const cd = j.classifier_dropout ?? null;
  if (cd !== null && (typeof cd !== 'number' || !(cd >= 0 && cd < 1))) fail(source, 'classifier_dropout', 'null or a probability in [0, 1)', cd);
  let numLabels = 2;
  if (j.num_labels !== undefined) numLabels = int(j, source, 'num_labels', 1);
  else if (j.id2label !== undefined) {
    if (typeof j.id2label !== 'object' || j.id2label === null) fail(source, 'id2label', 'an object', j.id2label);
    numLabels = Object.keys(j.id2label).length;
  }
  return {
    vocabSize: int(j, source, 'vocab_size', 1),
    hiddenSize,
    numHiddenLayers: int(j, source, 'num_hidden_layers', 1),
    numAttentionHeads,
    intermediateSize: int(j, source, 'intermediate_size', 1),
    hiddenAct: 'gelu',
    hiddenDropoutProb: prob(j, source, 'hidden_dropout_prob', 0.1),
    attentionProbsDropoutProb: prob(j, source, 'attention_probs_dropout_prob', 0.1),
    maxPositionEmbeddings: int(j, source, 'max_position_embeddings', 1, 512),
    typeVocabSize: int(j, source, 'type_vocab_size', 1, 2),
    layerNormEps: eps,
    padTokenId: int(j, source, 'pad_token_id', 0, 0),
    classifierDropout: cd as number | null,
    numLabels,
    headActivation: 'tanh',
  };
}
