// Builds a classifier for a method on the run's backend, and collects its tensors for export.
import { buildBertClassifier } from '../../engine/bert/build';
import type { BertClassifier } from '../../engine/bert/model';
import { releaseBertParams } from '../../engine/bert/params';
import { releaseAdapters } from '../../engine/adapters/tensors';
import { countParams } from '../../engine/adapters/count';
import type { AdapterMethod } from '../../engine/adapters/config';
import type { TensorMap } from '../../model/safetensors';
import type { MethodContext } from './types';
import { adapterConfigFor, withDropout } from './adapter_config';
import { prepareProgress } from './prepare_progress';

export function buildClassifier(ctx: MethodContext, method: AdapterMethod, seed: number): BertClassifier {
  const cfg = withDropout(ctx.model.config, ctx.method.dropout);
  // LoRA-XS set-up is a truncated SVD per adapted matrix: seconds on a BERT-base, so it has its own progress.
  const onAdapterInit =
    method === 'loraxs'
      ? (done: number, total: number) => ctx.hooks.progress(prepareProgress('truncated SVD of the adapted weights', 'matrices', done, total))
      : undefined;
  return buildBertClassifier(ctx.be, cfg, ctx.model.weights, adapterConfigFor(ctx.method, method), { seed, numLabels: ctx.data.nClasses, onAdapterInit });
}

export function adapterParamCount(ctx: MethodContext, method: AdapterMethod): number {
  return countParams(ctx.model.config, adapterConfigFor(ctx.method, method), ctx.data.nClasses).adapter;
}

/** Adapters (A, B and, for LoRA-XS, R) and the trained head, under their Hugging Face paths. */
export async function classifierTensors(model: BertClassifier, prefix = ''): Promise<TensorMap> {
  const out: TensorMap = new Map();
  const put = async (name: string, t: { shape: readonly number[] }) =>
    out.set(prefix + name, { shape: [...t.shape], data: (await model.be.read(t as never)).slice() as Float32Array });
  for (const ad of model.adapters) {
    await put(`${ad.site.path}.lora_A`, ad.a);
    await put(`${ad.site.path}.lora_B`, ad.b);
    if (ad.r) await put(`${ad.site.path}.lora_R`, ad.r);
  }
  for (const p of model.trainableParams()) if (p.group === 'head') await put(p.name, p.tensor);
  return out;
}

export function releaseClassifier(model: BertClassifier): void {
  releaseAdapters(model.be, model.adapters);
  releaseBertParams(model.be, model.params);
}
