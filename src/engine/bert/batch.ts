// A tokenised batch on the host and on a backend. Rows are padded to one seqLen; N = batch · seqLen.
import type { Backend, Tensor } from '../backend';

export interface BatchInput {
  batch: number;
  seqLen: number;
  /** i32 [N] token ids. */
  ids: Int32Array;
  /** i32 [N] token type (segment) ids. */
  typeIds: Int32Array;
  /** f32 [N] 1 = real token, 0 = padding. */
  mask: Float32Array;
  /** i32 [batch] class labels (training only). */
  labels?: Int32Array;
}

export interface BatchTensors {
  batch: number;
  seqLen: number;
  ids: Tensor;
  typeIds: Tensor;
  mask: Tensor;
  labels: Tensor | null;
  /**
   * Frozen-trunk input: the hidden state entering layer `layer` [batch·seqLen, hidden], computed
   * once per example elsewhere (onnxruntime-web or a cached forward). Forward then starts there.
   */
  trunk?: { layer: number; hidden: Tensor };
}

export function uploadBatch(be: Backend, b: BatchInput): BatchTensors {
  const N = b.batch * b.seqLen;
  for (const [name, a] of [
    ['ids', b.ids],
    ['typeIds', b.typeIds],
    ['mask', b.mask],
  ] as const) {
    if (a.length !== N) throw new Error(`batch.${name} has ${a.length} entries, expected batch · seqLen = ${N}`);
  }
  if (b.labels && b.labels.length !== b.batch) throw new Error(`batch.labels has ${b.labels.length} entries, expected ${b.batch}`);
  return {
    batch: b.batch,
    seqLen: b.seqLen,
    ids: be.upload(b.ids, [N], 'batch.ids'),
    typeIds: be.upload(b.typeIds, [N], 'batch.typeIds'),
    mask: be.upload(b.mask, [b.batch, b.seqLen], 'batch.mask'),
    labels: b.labels ? be.upload(b.labels, [b.batch], 'batch.labels') : null,
  };
}

export function releaseBatch(be: Backend, b: BatchTensors): void {
  be.release(b.ids);
  be.release(b.typeIds);
  be.release(b.mask);
  if (b.labels) be.release(b.labels);
  if (b.trunk) be.release(b.trunk.hidden);
}
