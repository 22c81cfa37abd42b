// The whole BERT classifier (src/engine/bert) on WebGpuBackend against the PyTorch golden
// fixtures: logits, loss, hidden states and every trainable gradient, rel err ≤ 1e-4 per tensor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend';
import { uploadBatch } from '../bert/batch';
import { buildBertClassifier } from '../bert/build';
import { loadEngineGolden } from '../bert/testing/golden_fixture';
import { relErr } from '../../gpu/twin_compare';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { WebGpuBackend } from './webgpu_backend';

const golden = loadEngineGolden();
const TOL = 1e-4;

describe('WebGPU BERT vs PyTorch golden fixtures', () => {
  let be: WebGpuBackend;
  beforeAll(async () => {
    be = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => be?.destroy());

  for (const [name, v] of golden.variants) {
    it(`${name}: logits, loss, pooled output, hidden states and every trainable gradient match`, async () => {
      const model = buildBertClassifier(be, v.config, golden.weights, v.adapter, { seed: 0, adapterInit: v.adapterInit });
      const batch = uploadBatch(be, golden.batch);
      const read = async (t: Tensor) => (await be.read(t)) as Float32Array;
      const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
      expect(relErr(await read(logits), v.logits)).toBeLessThan(TOL);
      expect(relErr(await read(cache.pooled), v.pooled)).toBeLessThan(TOL);
      expect(cache.hidden.length).toBe(v.hidden.length);
      for (let i = 0; i < cache.hidden.length; i++) expect(relErr(await read(cache.hidden[i]), v.hidden[i]), `hidden ${i}`).toBeLessThan(TOL);
      const { loss, dLogits } = be.softmaxCrossEntropy(logits, batch.labels!);
      expect(Math.abs((await read(loss))[0] - v.loss) / v.loss).toBeLessThan(TOL);
      const grads = model.backward(cache, dLogits);
      expect([...grads.keys()].sort()).toEqual([...v.grads.keys()].sort());
      for (const [g, want] of v.grads) expect(relErr(await read(grads.get(g)!), want), g).toBeLessThan(TOL);
    });
  }
});
