// Every batch a method runs goes through here: examples → padded batch on the backend, with
// frozen-trunk features attached when the model's adapters start above layer 0.
import type { BatchTensors } from '../../engine/bert/batch';
import { uploadBatch } from '../../engine/bert/batch';
import type { BertClassifier } from '../../engine/bert/model';
import { makeBatch, type TokenizedSplit } from './batches';
import { EngineTrunk, type TrunkFeatures } from './frozen_trunk';
import type { MethodContext } from './types';

const engineTrunks = new WeakMap<BertClassifier, EngineTrunk>();

function trunkFor(ctx: MethodContext, model: BertClassifier): TrunkFeatures {
  if (ctx.model.trunk) return ctx.model.trunk;
  let t = engineTrunks.get(model);
  if (!t) engineTrunks.set(model, (t = new EngineTrunk(ctx.be, model)));
  return t;
}

export async function uploadSplitBatch(
  ctx: MethodContext,
  model: BertClassifier,
  split: TokenizedSplit,
  index: Int32Array,
  withLabels: boolean,
): Promise<{ batch: BatchTensors; labels: Int32Array }> {
  const host = makeBatch(split, index, ctx.model.tokenizer.padId);
  const batch = uploadBatch(ctx.be, {
    batch: host.batch,
    seqLen: host.seqLen,
    ids: host.inputIds,
    typeIds: host.tokenTypeIds,
    mask: host.mask,
    labels: withLabels ? host.labels : undefined,
  });
  const layer = model.lowestAdaptedLayer();
  if (layer > 0 && ctx.options.frozenTrunk !== false) {
    const attentionMask = Int32Array.from(host.mask);
    const h = await trunkFor(ctx, model).hiddenState(
      { inputIds: host.inputIds, tokenTypeIds: host.tokenTypeIds, attentionMask, batch: host.batch, seqLen: host.seqLen },
      layer,
    );
    batch.trunk = { layer, hidden: ctx.be.upload(h, [host.batch * host.seqLen, model.cfg.hiddenSize], `trunk.hidden.${layer}`) };
  }
  return { batch, labels: host.labels };
}
