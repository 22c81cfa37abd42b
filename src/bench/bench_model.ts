// The model the engine benchmarks run: BERT-tiny's shape (2 layers, hidden 128, 2 heads, FFN 512,
// vocab 30,522) with the embedded model's weights when they exist, else seeded random weights of
// that shape (throughput does not depend on the values), and synthetic full-length batches.
import type { BatchInput } from '../engine/bert/batch';
import type { BertWeights } from '../engine/bert/weights';
import { expectedBertShapes } from '../model/bert_shapes';
import { philoxNormal, philoxUniform } from '../rng/philox';
import { parseBertConfig, type BertConfig } from '../model/config';
import { loraXsDefaults, type AdapterConfig } from '../engine/adapters/config';
import type { EncoderShape } from './flops';

export interface BenchModel {
  /** Where the weights came from: a model id, or "random (seed …)". */
  id: string;
  config: BertConfig;
  weights: BertWeights;
}

export const BERT_TINY_CONFIG: BertConfig = parseBertConfig(
  {
    model_type: 'bert',
    vocab_size: 30522,
    hidden_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 512,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    num_labels: 2,
  },
  'bench BERT-tiny config',
);

/** Weights of every encoder tensor and the pooler: N(0, 0.02²) matrices, LayerNorm γ = 1, zero β and biases. */
export function randomBertWeights(cfg: BertConfig, seed: number): BertWeights {
  const w: BertWeights = new Map();
  let stream = 0;
  for (const [name, shape] of expectedBertShapes(cfg, true)) {
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (name.endsWith('LayerNorm.weight')) data = new Float32Array(n).fill(1);
    else if (shape.length === 1) data = new Float32Array(n);
    else {
      data = philoxNormal(seed, 0xbe00 + stream++, new Float32Array(n));
      for (let i = 0; i < n; i++) data[i] *= 0.02;
    }
    w.set(name, { shape: [...shape], data });
  }
  return w;
}

export function randomBenchModel(seed = 1): BenchModel {
  return { id: `random BERT-tiny weights (seed ${seed})`, config: BERT_TINY_CONFIG, weights: randomBertWeights(BERT_TINY_CONFIG, seed) };
}

/** A full batch: [CLS] random tokens [SEP], no padding (every position does work), random labels. */
export function syntheticBatch(cfg: BertConfig, batch: number, seqLen: number, seed: number, numLabels = 2): BatchInput {
  const N = batch * seqLen;
  const u = philoxUniform(seed, 0xba7c, new Float32Array(N + batch));
  const ids = new Int32Array(N);
  // Ids 1000… avoid BERT's special and unused tokens; 101/102 are [CLS]/[SEP] in the uncased vocab.
  for (let i = 0; i < N; i++) ids[i] = 1000 + Math.min(cfg.vocabSize - 1001, Math.floor(u[i] * (cfg.vocabSize - 1000)));
  for (let b = 0; b < batch; b++) {
    ids[b * seqLen] = 101;
    ids[b * seqLen + seqLen - 1] = 102;
  }
  const labels = Int32Array.from({ length: batch }, (_, b) => Math.min(numLabels - 1, Math.floor(u[N + b] * numLabels)));
  return { batch, seqLen, ids, typeIds: new Int32Array(N), mask: new Float32Array(N).fill(1), labels };
}

/** The reference adapter placement of the benchmarks: LoRA-XS on query, value, attention output, FFN output. */
export function benchAdapters(r: number): AdapterConfig {
  return loraXsDefaults(r);
}

export function encoderShape(cfg: BertConfig, ac: AdapterConfig, batch: number, seqLen: number, numLabels = 2): EncoderShape {
  if (ac.layers !== 'all') throw new Error('encoderShape: the FLOP count assumes adapters in every layer');
  return {
    batch,
    seqLen,
    hidden: cfg.hiddenSize,
    intermediate: cfg.intermediateSize,
    layers: cfg.numHiddenLayers,
    numLabels,
    r: ac.r,
    modules: ac.modules,
  };
}
