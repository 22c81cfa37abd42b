// Our encoder's dropout-free forward on any backend, read back to the host: hidden states and the
// pooled output. The asynchronous, backend-generic sibling of src/onnx/engine_forward.ts (which is
// CPU-only and synchronous); both build the model with its oracleModel.
import type { Backend } from '../engine/backend';
import type { AdapterConfig } from '../engine/adapters/config';
import { releaseAdapters } from '../engine/adapters/tensors';
import { releaseBatch } from '../engine/bert/batch';
import { releaseBertParams } from '../engine/bert/params';
import type { BertWeights } from '../engine/bert/weights';
import type { BertConfig } from '../model/config';
import { oracleModel, uploadTokenBatch, type EngineOutputs } from '../onnx/engine_forward';
import type { TokenBatch } from '../onnx/trunk_runner';

/** `adapters` null means no adapter at all. */
export async function forwardHidden(
  be: Backend,
  cfg: BertConfig,
  weights: BertWeights,
  batch: TokenBatch,
  adapters: AdapterConfig | null,
  seed = 0,
): Promise<EngineOutputs> {
  const model = oracleModel(be, cfg, weights, adapters, seed);
  const bt = uploadTokenBatch(be, batch);
  const { logits, cache } = model.forward(bt, { dropout: false, cache: true });
  const host = async (t: Parameters<Backend['read']>[0]) => new Float32Array((await be.read(t)) as Float32Array);
  const hidden: Float32Array[] = [];
  for (const h of cache.hidden) hidden.push(await host(h));
  const pooled = await host(cache.pooled);
  model.releaseCache(cache);
  be.release(logits);
  releaseBatch(be, bt);
  releaseBertParams(be, model.params);
  releaseAdapters(be, model.adapters);
  return { hidden, pooled };
}
