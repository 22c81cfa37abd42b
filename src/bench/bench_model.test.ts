import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/backend';
import { expectedBertShapes } from '../model/bert_shapes';
import { parseBertConfig } from '../model/config';
import { BERT_TINY_CONFIG, randomBertWeights, syntheticBatch, type BenchModel } from './bench_model';
import { benchTraining } from './train_bench';
import { benchMcPrediction, syntheticSplit } from './mc_bench';

const small = parseBertConfig({
  vocab_size: 1100,
  hidden_size: 8,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 16,
});
const model: BenchModel = { id: 'small', config: small, weights: randomBertWeights(small, 3) };

describe('bench model and runners (CPU, tiny shapes; no timing asserts)', () => {
  it('BERT-tiny shape and random weights cover every encoder tensor', () => {
    expect([
      BERT_TINY_CONFIG.numHiddenLayers,
      BERT_TINY_CONFIG.hiddenSize,
      BERT_TINY_CONFIG.numAttentionHeads,
      BERT_TINY_CONFIG.intermediateSize,
      BERT_TINY_CONFIG.vocabSize,
    ]).toEqual([2, 128, 2, 512, 30522]);
    const w = model.weights;
    for (const [name, shape] of expectedBertShapes(small, true)) expect(w.get(name)?.shape, name).toEqual(shape);
    expect(w.get('encoder.layer.0.output.LayerNorm.weight')!.data.every((x) => x === 1)).toBe(true);
    const q = w.get('encoder.layer.0.attention.self.query.weight')!.data;
    expect(q.some((x) => x !== 0) && q.every((x) => Math.abs(x) < 0.2)).toBe(true);
  });

  it('synthetic batches are full length, in the vocabulary, [CLS] … [SEP]', () => {
    const b = syntheticBatch(small, 3, 5, 1);
    expect(b.ids.length).toBe(15);
    expect(b.mask.every((x) => x === 1)).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(b.ids[i * 5]).toBe(101);
      expect(b.ids[i * 5 + 4]).toBe(102);
    }
    expect(Array.from(b.ids).every((x) => x >= 0 && x < small.vocabSize)).toBe(true);
    expect(syntheticSplit(model, 3, 5).ids.map((x) => x.length)).toEqual([5, 5, 5]);
  });

  it('the training runner trains (loss falls on its fixed batch) and reports consistent figures', async () => {
    const r = await benchTraining(new CpuBackend(), model, { batch: 4, seqLen: 6, r: 2, warmup: 1, steps: 30 });
    expect(r.lastLoss).toBeLessThan(Math.log(2));
    expect(r.examplesPerSec).toBeCloseTo((4 * 1000) / r.msPerStep, 6);
    expect(r.gflops).toBeCloseTo(r.flopsPerStep / (r.msPerStep * 1e6), 6);
  });

  it('the MC runner reports the ratios of its timings, and both MC paths predict alike', async () => {
    const r = await benchMcPrediction(new CpuBackend(), model, { batch: 2, seqLen: 4, r: 2, S: 3, detReps: 1, mcReps: 1 });
    expect(r.S).toBe(3);
    expect(r.ratio).toBeCloseTo(r.mcMs / r.deterministicMs, 9);
    expect(r.groupedRatio).toBeCloseTo(r.groupedMs / r.deterministicMs, 9);
    expect(r.maxProbDiff).toBeLessThan(1e-5);
  });
});
