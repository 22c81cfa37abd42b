// Try a sentence: a finished run rebuilt from its stored tensors predicts a test example's text with
// the run's own numbers (probabilities, entropy, mutual information), on the CPU backend with the
// tiny fixture BERT: a deterministic method, SWAG (posterior ring wrapped, fresh draws per batch)
// and MC dropout, at an example in the test split's second evaluation batch.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../engine/cpu/backend';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { methodDefaults } from '../methods/settings';
import type { MethodConfig, MethodKind } from '../methods/config';
import { philoxUniform } from '../rng/philox';
import type { ModelBundle, RunHooks } from '../methods/common/types';
import { EVAL_BATCH } from '../methods/common/batches';
import { bayesAverage } from '../bayes/predictive';
import type { DatasetPayload, ExampleRow, RunResult, TextPredictionAnswer, TextPredictionRun } from './protocol';
import { runMethod, tokenizeDataset } from './run_method';
import { TextPredictor } from './text_prediction';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const FILLER = ['the', 'is', 'not', 'to', 'be', 'say', 'play', 'cafe', 'naive', 'resume'];

function synthetic(n: number, seed: number): ExampleRow[] {
  const u = philoxUniform(seed, 9, new Float32Array(n * 7));
  return Array.from({ length: n }, (_, i) => {
    const label = u[i * 7] < 0.5 ? 0 : 1;
    // 3–5 filler words: the rows of a batch differ in length, so padding is exercised.
    const words = [0, 1, 2, 3].slice(0, 3 + Math.floor(u[i * 7 + 6] * 2)).map((k) => FILLER[Math.floor(u[i * 7 + 1 + k] * FILLER.length)]);
    words.splice(Math.floor(u[i * 7 + 5] * 3), 0, label ? 'hello' : 'world');
    return { text: words.join(' '), label };
  });
}

const quiet: RunHooks = { progress: () => {}, checkpoint: async () => {} };
const dataset: DatasetPayload = {
  id: 'kw',
  name: 'keyword',
  labelNames: ['world', 'hello'],
  train: synthetic(96, 1),
  validation: synthetic(16, 2),
  // Two evaluation batches: examples past the first predict with batch number 1.
  test: synthetic(EVAL_BATCH + 20, 3),
  ood: [],
};
const MAX_LENGTH = 16;

function cfg(kind: MethodKind, over: Partial<MethodConfig> = {}): MethodConfig {
  return {
    ...methodDefaults(kind),
    r: 4,
    epochs: 4,
    batch: 16,
    lrAdapter: 5e-2,
    lrHead: 5e-2,
    dropout: 0,
    swagStart: 2,
    swagAnnealEpochs: 1,
    swagLr: 2e-2,
    K: 4,
    S: 5,
    collectEverySteps: 2,
    ...over,
  };
}

function runOf(r: RunResult, example?: number): TextPredictionRun {
  const start = example === undefined ? 0 : Math.floor(example / EVAL_BATCH) * EVAL_BATCH;
  return {
    runId: r.runId,
    method: r.method,
    nClasses: r.nClasses,
    adapters: r.adapters,
    maxLength: MAX_LENGTH,
    ...(example === undefined ? {} : { example: { index: example, batch: dataset.test.slice(start, start + EVAL_BATCH) } }),
  };
}

type Answer = Extract<TextPredictionAnswer, { probs: Float32Array }>;

async function ask(p: TextPredictor, be: CpuBackend, model: ModelBundle, r: RunResult, example: number): Promise<Answer> {
  const row = dataset.test[example];
  const [a] = await p.predict(be, model, { type: 'predict-text', requestId: 1, text: row.text, runs: [runOf(r, example)] });
  if ('error' in a) throw new Error(a.error);
  return a;
}

function expectStored(a: Answer, r: RunResult, i: number): void {
  const C = r.nClasses;
  for (let c = 0; c < C; c++) expect(Math.abs(a.probs[c] - r.test.probs[i * C + c])).toBeLessThan(1e-6);
  expect(Math.abs(a.entropy - r.test.entropy[i])).toBeLessThan(1e-6);
  expect(Math.abs(a.mutualInfo - r.test.mutualInfo[i])).toBeLessThan(1e-6);
  // The samples are the ones averaged: their mean is the probabilities, and H(p) − E H(p_s) the MI.
  const avg = bayesAverage(a.samples, a.S, 1, C, 'probs');
  for (let c = 0; c < C; c++) expect(Math.abs(avg.meanProbs[c] - a.probs[c])).toBeLessThan(1e-5);
  expect(Math.abs(avg.expectedEntropy[0] - a.expectedEntropy)).toBeLessThan(1e-5);
  expect(Math.abs(a.entropy - a.expectedEntropy - a.mutualInfo)).toBeLessThan(1e-5);
}

describe('try a sentence: a finished run predicts a test example as it did in the run', () => {
  const setup = async () => {
    const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const model: ModelBundle = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
    return { model, data: tokenizeDataset(model, dataset, MAX_LENGTH), be: new CpuBackend() };
  };

  it('LoRA-XS (one sample, MI = 0), B-LoRA-XS (wrapped ring, fresh draws per batch) and MC dropout match their stored test predictions', async () => {
    const { model, data, be } = await setup();
    const opts = { maxLength: MAX_LENGTH, evalEverySteps: 0 };
    const det = await runMethod(be, model, data, 'det', cfg('lora-xs'), opts, quiet);
    const swag = await runMethod(be, model, data, 'swag', cfg('b-lora-xs', { redrawPerBatch: 1 }), opts, quiet);
    const mc = await runMethod(be, model, data, 'mc', cfg('mc-dropout', { dropout: 0.2 }), opts, quiet);
    const p = new TextPredictor();
    for (const i of [3, EVAL_BATCH + 7]) {
      const d = await ask(p, be, model, det, i);
      expect(d.S).toBe(1);
      expect(d.mutualInfo).toBe(0);
      expectStored(d, det, i);
      const s = await ask(p, be, model, swag, i);
      expect(s.S).toBe(5);
      expect(s.mutualInfo).toBeGreaterThan(0);
      expectStored(s, swag, i);
      const c = await ask(p, be, model, mc, i);
      expect(c.S).toBe(5);
      expect(c.mutualInfo).toBeGreaterThan(0);
      expectStored(c, mc, i);
    }
    // A text typed by the user (no test place): one answer per run, probabilities that sum to 1.
    const typed = await p.predict(be, model, { type: 'predict-text', requestId: 2, text: 'hello there', runs: [runOf(det), runOf(swag), runOf(mc)] });
    for (const a of typed) {
      if ('error' in a) throw new Error(a.error);
      expect(a.probs[0] + a.probs[1]).toBeCloseTo(1, 5);
    }
    p.clear();
  }, 120_000);

  it('temperature scaling, a deep ensemble and Laplace (its curvature rebuilt from the f32 copy) match too', async () => {
    const { model, data, be } = await setup();
    const opts = { maxLength: MAX_LENGTH, evalEverySteps: 0 };
    const p = new TextPredictor();
    const i = EVAL_BATCH + 2;
    const temp = await runMethod(be, model, data, 'temp', cfg('temperature', { epochs: 2 }), opts, quiet);
    expectStored(await ask(p, be, model, temp, i), temp, i);
    const ens = await runMethod(be, model, data, 'ens', cfg('ensemble', { epochs: 2, M: 2 }), opts, quiet);
    const e = await ask(p, be, model, ens, i);
    expect(e.S).toBe(2);
    expectStored(e, ens, i);
    const lap = await runMethod(be, model, data, 'lap', cfg('laplace', { epochs: 2 }), opts, quiet);
    const l = await ask(p, be, model, lap, i);
    expect(l.S).toBe(5);
    for (let c = 0; c < 2; c++) expect(Math.abs(l.probs[c] - lap.test.probs[2 * i + c])).toBeLessThan(1e-6);
    expect(Math.abs(l.mutualInfo - lap.test.mutualInfo[i])).toBeLessThan(1e-6);
    p.clear();
  }, 120_000);

  it('a run whose stored tensors lack what prediction needs says so for that run', async () => {
    const { model, data, be } = await setup();
    const det = await runMethod(be, model, data, 'det', cfg('lora-xs', { epochs: 1 }), { maxLength: MAX_LENGTH, evalEverySteps: 0 }, quiet);
    const old = { ...det, adapters: det.adapters.filter((t) => !t.name.startsWith('classifier.')) };
    const [a] = await new TextPredictor().predict(be, model, { type: 'predict-text', requestId: 1, text: 'hello', runs: [runOf(old)] });
    expect('error' in a && a.error).toMatch(/cannot predict new text: the run keeps no tensor classifier\.weight/);
    const [none] = await new TextPredictor().predict(be, model, { type: 'predict-text', requestId: 2, text: 'hello', runs: [runOf({ ...det, adapters: [] })] });
    expect('error' in none && none.error).toMatch(/stored without its adapter tensors/);
  });
});
