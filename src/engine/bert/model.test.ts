import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu/backend';
import { philoxUniform } from '../../rng/philox';
import { loraXsDefaults } from '../adapters/config';
import { uploadBatch, type BatchInput } from './batch';
import { buildBertClassifier } from './build';
import { loadEngineGolden } from './testing/golden_fixture';
import { Trainer, DEFAULT_OPTIMIZER } from './train';

const golden = loadEngineGolden();
const v = golden.variants.get('loraxs')!;

function model(be: CpuBackend, dropoutP = 0.1) {
  const cfg = { ...golden.config, hiddenDropoutProb: dropoutP, attentionProbsDropoutProb: dropoutP };
  return buildBertClassifier(be, cfg, golden.weights, v.adapter, { seed: 0, adapterInit: v.adapterInit });
}

describe('dropout modes', () => {
  it('eval is deterministic, MC dropout depends only on its seed, and both differ', () => {
    const be = new CpuBackend();
    const m = model(be),
      batch = uploadBatch(be, golden.batch);
    const read = (t: ReturnType<typeof m.predict>) => [...(be.view(t) as Float32Array)];
    const eval1 = read(m.predict(batch)),
      eval2 = read(m.predict(batch));
    expect(eval1).toEqual(eval2);
    // With p = 0.1 from the config but dropout off, eval equals the golden (dropout-free) logits.
    expect(Math.max(...eval1.map((x, i) => Math.abs(x - v.logits[i])))).toBeLessThan(1e-4);
    const mcA = read(m.predict(batch, 1)),
      mcA2 = read(m.predict(batch, 1)),
      mcB = read(m.predict(batch, 2));
    expect(mcA).toEqual(mcA2);
    expect(mcA).not.toEqual(mcB);
    expect(mcA).not.toEqual(eval1);
  });
  it('training-mode forward keeps a cache; prediction releases every intermediate', () => {
    const be = new CpuBackend();
    const m = model(be),
      batch = uploadBatch(be, golden.batch);
    const { cache } = m.forward(batch, { dropout: true, seed: 3, cache: true });
    expect(cache.owned.length).toBeGreaterThan(20);
    const { cache: c2 } = m.forward(batch, { dropout: false, cache: false });
    expect(c2.owned.length).toBe(0);
    expect(() => be.view(c2.hidden[1])).toThrow(/after release/);
  });
});

function toyData(n: number, S: number, vocab: number, seed: number): BatchInput {
  // Label = 1 if the second token's id is in the upper half of the vocabulary.
  const u = philoxUniform(seed, 0, new Float32Array(n * S));
  const ids = new Int32Array(n * S),
    labels = new Int32Array(n);
  for (let b = 0; b < n; b++) {
    ids[b * S] = 1;
    for (let t = 1; t < S; t++) ids[b * S + t] = 2 + Math.floor(u[b * S + t] * (vocab - 2));
    labels[b] = ids[b * S + 1] >= vocab / 2 ? 1 : 0;
  }
  return { batch: n, seqLen: S, ids, typeIds: new Int32Array(n * S), mask: new Float32Array(n * S).fill(1), labels };
}

describe('backward stops below the deepest adapted module', () => {
  function countOps(variant: string): Map<string, number> {
    const be = new CpuBackend();
    const calls = new Map<string, number>();
    for (const k of ['attentionBackward', 'layerNormBackward', 'geluBackward', 'linearBackwardInput', 'loraXsBackward'] as const) {
      const f = be[k].bind(be) as (...a: unknown[]) => unknown;
      (be as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
        calls.set(k, (calls.get(k) ?? 0) + 1);
        return f(...a);
      };
    }
    const g = golden.variants.get(variant)!;
    const m = buildBertClassifier(be, golden.config, golden.weights, g.adapter, { seed: 0, adapterInit: g.adapterInit });
    const batch = uploadBatch(be, golden.batch);
    const { logits, cache } = m.forward(batch, { dropout: false, cache: true });
    m.backward(cache, be.softmaxCrossEntropy(logits, batch.labels!).dLogits);
    return calls;
  }
  it('FFN-in of layer 1 only: no attention backward, one LayerNorm backward, no trunk below', () => {
    const c = countOps('loraxs_l1');
    expect(c.get('attentionBackward') ?? 0).toBe(0);
    expect(c.get('layerNormBackward')).toBe(1);
    expect(c.get('geluBackward')).toBe(1);
    expect(c.get('loraXsBackward')).toBe(1);
  });
  it('layer 0 adapted at query: both layers go through attention, layer 0 computes no input gradient', () => {
    const c = countOps('loraxs');
    expect(c.get('attentionBackward')).toBe(2);
    expect(c.get('layerNormBackward')).toBe(4); // 2 per layer, never the embeddings LayerNorm
    expect(c.get('loraXsBackward')).toBe(8);
  });
});

describe('Trainer', () => {
  it('the loss falls over 30 steps on a toy task (LoRA-XS r = 4 + head, dropout on)', async () => {
    const be = new CpuBackend();
    const cfg = { ...golden.config, numLabels: 2 };
    const m = buildBertClassifier(be, cfg, golden.weights, loraXsDefaults(4), { seed: 5, numLabels: 2 });
    const batch = uploadBatch(be, toyData(16, 8, cfg.vocabSize, 9));
    const evalLoss = async () => {
      const logits = m.predict(batch);
      const { loss, dLogits } = be.softmaxCrossEntropy(logits, batch.labels!);
      const x = ((await be.read(loss)) as Float32Array)[0];
      be.release(logits);
      be.release(loss);
      be.release(dLogits);
      return x;
    };
    const before = await evalLoss();
    const tr = new Trainer(m, { ...DEFAULT_OPTIMIZER, adapterLr: 1e-2, headLr: 5e-3, dropoutSeed: 4 });
    const losses: number[] = [];
    for (let s = 0; s < 30; s++) {
      const loss = tr.trainStep(batch);
      losses.push(((await be.read(loss)) as Float32Array)[0]);
      be.release(loss);
    }
    expect(tr.step).toBe(30);
    const after = await evalLoss();
    // Dropout makes single steps noisy; the dropout-free loss on the training batch must fall clearly.
    expect(after).toBeLessThan(0.7 * before);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
  it('updates adapters and head only, and the adapter learning rate controls R', async () => {
    const be = new CpuBackend();
    const m = model(be, 0);
    const batch = uploadBatch(be, golden.batch);
    const before = new Map(m.trainableParams().map((p) => [p.name, [...(be.view(p.tensor) as Float32Array)]]));
    const wq = [...(be.view(m.params.layers[0].query.w) as Float32Array)];
    const tr = new Trainer(m, { ...DEFAULT_OPTIMIZER, adapterLr: 0, headLr: 1e-2, dropout: false });
    tr.trainStep(batch);
    for (const p of m.trainableParams()) {
      const now = [...(be.view(p.tensor) as Float32Array)];
      if (p.group === 'adapter') expect(now, p.name).toEqual(before.get(p.name));
      else expect(now, p.name).not.toEqual(before.get(p.name));
    }
    expect([...(be.view(m.params.layers[0].query.w) as Float32Array)]).toEqual(wq);
  });
});
