// Frozen-trunk features: below the lowest adapted layer the encoder never changes, so the hidden
// state entering that layer is computed once per example and cached (FrozenTrunkCache), and each
// step runs only the adapted layers. Two sources compute it: onnxruntime-web over model.onnx
// (TrunkRunner, the independent implementation) or our own engine (EngineTrunk).
// Frozen layers then run without dropout: the features are a fixed function of the tokens.
import type { Backend } from '../../engine/backend';
import type { BertClassifier } from '../../engine/bert/model';
import { releaseBatch, uploadBatch } from '../../engine/bert/batch';
import { FrozenTrunkCache, cachedHiddenRows } from '../../onnx/frozen_trunk_cache';
import type { TokenBatch } from '../../onnx/trunk_runner';

/** What TrunkRunner provides: the hidden state entering `layer`, [batch·seqLen·hidden], zeros at padding. */
export interface TrunkFeatures {
  hiddenState(batch: TokenBatch, layer: number): Promise<Float32Array>;
}

/** Our engine as the trunk source, with the same per-example cache as the ONNX runner. */
export class EngineTrunk implements TrunkFeatures {
  constructor(
    readonly be: Backend,
    readonly model: BertClassifier,
    readonly cache = new FrozenTrunkCache(),
  ) {}

  async hiddenState(batch: TokenBatch, layer: number): Promise<Float32Array> {
    return cachedHiddenRows(this.cache, batch, layer, async (miss, lens) => {
      // One forward over the whole batch (padding does not change the real positions).
      const { batch: B, seqLen: L } = batch;
      const H = this.model.cfg.hiddenSize;
      const t = uploadBatch(this.be, { batch: B, seqLen: L, ids: batch.inputIds, typeIds: batch.tokenTypeIds, mask: Float32Array.from(batch.attentionMask) });
      const h = this.model.trunkHidden(t, layer);
      const host = (await this.be.read(h)) as Float32Array;
      this.be.release(h);
      releaseBatch(this.be, t);
      return miss.map((b) => host.slice(b * L * H, (b * L + lens[b]) * H));
    });
  }
}
