// Run our own encoder (src/engine/bert on the CPU backend) over a token batch and return its
// hidden states and pooled output on the host: the side of the ONNX oracle test that is ours.
// oracleModel / uploadTokenBatch are shared with the backend-generic src/checks/forward_hidden.ts.

import type { Backend } from '../engine/backend';
import { CpuBackend } from '../engine/cpu/backend';
import { BertClassifier } from '../engine/bert/model';
import { buildBertClassifier } from '../engine/bert/build';
import { uploadBertParams } from '../engine/bert/params';
import { initHead, type BertWeights } from '../engine/bert/weights';
import { uploadBatch } from '../engine/bert/batch';
import type { AdapterConfig } from '../engine/adapters/config';
import type { BertConfig } from '../model/config';
import type { TokenBatch } from './trunk_runner';

export interface EngineOutputs {
  /** hidden[0] = embeddings output, hidden[k] = output of layer k (like hidden_state_k). */
  hidden: Float32Array[];
  pooled: Float32Array;
}

/** The encoder the oracle compares, on any backend; `adapters` null means no adapter at all. */
export function oracleModel(be: Backend, cfg: BertConfig, weights: BertWeights, adapters: AdapterConfig | null, seed = 0): BertClassifier {
  if (adapters) return buildBertClassifier(be, cfg, weights, adapters, { seed });
  const w: BertWeights = new Map(weights);
  initHead(w, cfg, cfg.numLabels, seed);
  return new BertClassifier(be, cfg, uploadBertParams(be, cfg, w), []);
}

/** An onnxruntime-style token batch uploaded as the engine's batch tensors. */
export function uploadTokenBatch(be: Backend, batch: TokenBatch): ReturnType<typeof uploadBatch> {
  return uploadBatch(be, {
    batch: batch.batch,
    seqLen: batch.seqLen,
    ids: batch.inputIds,
    typeIds: batch.tokenTypeIds,
    mask: Float32Array.from(batch.attentionMask),
  });
}

/** Forward without dropout; `adapters` null means no adapter at all. */
export function engineForward(cfg: BertConfig, weights: BertWeights, batch: TokenBatch, adapters: AdapterConfig | null, seed = 0): EngineOutputs {
  const be = new CpuBackend();
  const model = oracleModel(be, cfg, weights, adapters, seed);
  const bt = uploadTokenBatch(be, batch);
  const { cache } = model.forward(bt, { dropout: false, cache: true });
  const host = (t: Parameters<CpuBackend['view']>[0]) => new Float32Array(be.view(t) as Float32Array);
  const out = { hidden: cache.hidden.map(host), pooled: host(cache.pooled) };
  be.destroy();
  return out;
}
