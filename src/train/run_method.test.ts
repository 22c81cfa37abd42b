// End-to-end runs of the method layer on the CPU backend with the tiny fixture BERT and a
// synthetic task whose label is decided by a keyword, so a working trainer must learn it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { TrunkRunner } from '../onnx/trunk_runner';
import { CpuBackend } from '../engine/cpu/backend';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { methodDefaults } from '../methods/settings';
import type { MethodConfig, MethodKind } from '../methods/config';
import { philoxUniform } from '../rng/philox';
import type { ModelBundle, RunHooks } from '../methods/common/types';
import type { DatasetPayload, ExampleRow, TrainOptions } from './protocol';
import { InvalidConfigError, runMethod, testSplitProblem, tokenizeDataset } from './run_method';
import { kSweepValues } from '../methods/swag_plan';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const FILLER = ['the', 'is', 'not', 'to', 'be', 'say', 'play', 'cafe', 'naive', 'resume'];

function synthetic(n: number, seed: number): ExampleRow[] {
  const u = philoxUniform(seed, 9, new Float32Array(n * 6));
  return Array.from({ length: n }, (_, i) => {
    const label = u[i * 6] < 0.5 ? 0 : 1;
    const words = [0, 1, 2, 3].map((k) => FILLER[Math.floor(u[i * 6 + 1 + k] * FILLER.length)]);
    words.splice(Math.floor(u[i * 6 + 5] * 4), 0, label ? 'hello' : 'world');
    return { text: words.join(' '), label };
  });
}

async function tiny(): Promise<ModelBundle> {
  const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
  return { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
}

const quiet: RunHooks = { progress: () => {}, checkpoint: async () => {} };
const dataset: DatasetPayload = {
  id: 'kw',
  name: 'keyword',
  labelNames: ['world', 'hello'],
  train: synthetic(192, 1),
  validation: synthetic(32, 2),
  test: synthetic(64, 3),
  ood: Array.from({ length: 32 }, (_, i) => ({ text: `${'0123456789'[i % 10]} a b c ${'xyz'[i % 3]}`, label: -1 })),
};
const options: TrainOptions = { maxLength: 16, evalEverySteps: 0 };

function cfg(kind: MethodKind, over: Partial<MethodConfig> = {}): MethodConfig {
  return {
    ...methodDefaults(kind),
    r: 4,
    epochs: 6,
    batch: 16,
    lrAdapter: 5e-2,
    lrHead: 5e-2,
    dropout: 0,
    swagStart: 3,
    swagAnnealEpochs: 1,
    swagLr: 2e-2,
    K: 4,
    S: 6,
    collectEverySteps: 6,
    ...over,
  };
}

function acc(probs: Float32Array, labels: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) ok += (probs[2 * i + 1] > probs[2 * i] ? 1 : 0) === labels[i] ? 1 : 0;
  return ok / labels.length;
}

describe('runMethod on the CPU backend', () => {
  it('LoRA-XS learns the keyword task and reports r² parameters per adapted matrix', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    const losses: number[] = [];
    const r = await runMethod(new CpuBackend(), model, data, 'a', cfg('lora-xs'), options, {
      ...quiet,
      progress: (e) => {
        if (e.phase === 'map' || e.phase === 'swag') losses.push(e.loss); // optimizer steps (not set-up or prediction)
      },
    });
    expect(acc(r.test.probs, r.test.labels)).toBeGreaterThan(0.9);
    expect(losses.at(-1)!).toBeLessThan(losses[0]);
    expect(r.trainableParams).toBe(2 * 4 * 16); // 2 layers × 4 matrices × r²
    expect(r.posteriorParams).toBe(0);
    expect(r.adapters.some((t) => t.name.endsWith('.lora_R'))).toBe(true);
    expect([...r.test.mutualInfo].every((x) => x === 0)).toBe(true);
  });

  it('Monte-Carlo prediction reports its own progress in sample passes (samples × batches)', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    const seen: { step: number; totalSteps: number; what?: string }[] = [];
    await runMethod(new CpuBackend(), model, data, 'p', cfg('b-lora-xs'), options, {
      ...quiet,
      progress: (e) => {
        if (e.phase === 'predict' && e.what?.includes('samples')) seen.push(e);
      },
    });
    const test = data.test.labels.length;
    const first = seen.find((e) => e.what!.startsWith(`predicting ${test} examples`))!;
    expect(first.what).toBe(`predicting ${test} examples: 6 samples × ${Math.ceil(test / 64)} batches`);
    expect(first.totalSteps).toBe(6 * Math.ceil(test / 64));
    expect(seen.some((e) => e.step === e.totalSteps)).toBe(true);
  });

  it('a K sweep predicts the test split at k = 0 … K; its k = K point is the run itself', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    // 30 SWAG-phase steps (capped at 66), one collection every 3: exactly K = 10 collections.
    const tenCollections = { K: 10, c: 1, collectEverySteps: 3 };
    const r = await runMethod(new CpuBackend(), model, data, 'k', cfg('b-lora-xs', tenCollections), { ...options, kSweep: true, maxSteps: 66 }, quiet);
    expect(r.kSweep!.map((p) => p.K)).toEqual(kSweepValues(10));
    // K collections: the ring never wrapped, so k = K is the same posterior and samples.
    expect([...r.kSweep!.at(-1)!.probs]).toEqual([...r.test.probs]);
    expect([...r.kSweep![0].probs]).not.toEqual([...r.test.probs]);
    const plain = await runMethod(new CpuBackend(), model, data, 'k2', cfg('lora-xs'), { ...options, kSweep: true }, quiet);
    expect(plain.kSweep).toBeUndefined();
    // Without the mean-model pass (the results grid): the same Bayesian predictive, nothing else.
    const lean = await runMethod(new CpuBackend(), model, data, 'k3', cfg('b-lora-xs', tenCollections), { ...options, meanModel: false, maxSteps: 66 }, quiet);
    expect(r.test.meanModelProbs).toBeDefined();
    expect(lean.test.meanModelProbs).toBeUndefined();
    expect([...lean.test.probs]).toEqual([...r.test.probs]);
  });

  it('B-LoRA-XS averages posterior samples; c = 0 is exactly the SWA-mean model', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    const bayes = await runMethod(new CpuBackend(), model, data, 'b', cfg('b-lora-xs', { c: 2 }), options, quiet);
    expect(acc(bayes.test.probs, bayes.test.labels)).toBeGreaterThan(0.85);
    expect(bayes.posteriorParams).toBe((4 + 2) * 2 * 4 * 16);
    expect(Math.max(...bayes.test.mutualInfo)).toBeGreaterThan(0);
    expect(bayes.covarianceEigenvalues!.length).toBeGreaterThan(0);
    expect(bayes.adapters.map((t) => t.name)).toContain('swag.mean');
    const swa = await runMethod(new CpuBackend(), model, data, 'c', cfg('b-lora-xs', { c: 0 }), options, quiet);
    expect([...swa.test.probs]).toEqual([...swa.test.meanModelProbs!]);
    expect([...swa.test.mutualInfo].every((x) => x < 1e-6)).toBe(true);
  });

  it('every other method trains, predicts and reports its sizes', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    const run = (kind: MethodKind, over: Partial<MethodConfig> = {}) => runMethod(new CpuBackend(), model, data, kind, cfg(kind, over), options, quiet);
    const lora = await run('lora', { targets: ['query', 'value'], lrAdapter: 1e-2 });
    expect(lora.trainableParams).toBe(2 * 2 * 4 * (32 + 32)); // layers × matrices × r(in + out)
    expect(acc(lora.test.probs, lora.test.labels)).toBeGreaterThan(0.85);
    const swagLora = await run('swag-lora', { targets: ['query', 'value'], lrAdapter: 1e-2, swagLr: 1e-2 });
    expect(swagLora.posteriorParams).toBe((4 + 2) * lora.trainableParams);
    expect(Math.max(...swagLora.test.mutualInfo)).toBeGreaterThan(0);
    const mc = await run('mc-dropout', { dropout: 0.2 });
    expect(Math.max(...mc.test.mutualInfo)).toBeGreaterThan(0);
    expect([...mc.test.probs]).not.toEqual([...mc.test.meanModelProbs!]);
    const ts = await run('temperature');
    const T = ts.adapters.find((t) => t.name === 'temperature')!.data[0];
    expect(T).toBeGreaterThan(0);
    expect(T).not.toBe(1);
    const ens = await run('ensemble', { M: 2, epochs: 3 });
    expect(ens.trainableParams).toBe(2 * 2 * 4 * 16);
    expect(ens.adapters.some((t) => t.name.startsWith('member1.'))).toBe(true);
    const lap = await run('laplace', { laplace: { structure: 'full' }, S: 4 });
    expect(acc(lap.test.probs, lap.test.labels)).toBeGreaterThan(0.85);
    expect(Math.max(...lap.test.mutualInfo)).toBeGreaterThan(0);
    const delta = lap.adapters.find((t) => t.name === 'laplace.prior_precision')!.data[0];
    expect(delta).toBeGreaterThan(0);
  });

  it('a frozen trunk (engine or onnxruntime-web) gives the same run as the full forward', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    const m = cfg('lora-xs', { layers: [1], dropout: 0, epochs: 4 });
    const losses = (arr: number[]): RunHooks => ({
      ...quiet,
      progress: (e) => {
        if (e.phase === 'map') arr.push(e.loss);
      },
    });
    const full: number[] = [],
      eng: number[] = [],
      onnx: number[] = [];
    // Counting embedding lookups shows whether the frozen layers ran every step or once per example.
    const counted = () => {
      const be = new CpuBackend();
      const f = be.embeddings.bind(be);
      const out = { be, calls: 0 };
      be.embeddings = (...args) => {
        out.calls++;
        return f(...args);
      };
      return out;
    };
    const fa = counted(),
      fb = counted();
    const a = await runMethod(fa.be, model, data, 'f', m, { ...options, frozenTrunk: false }, losses(full));
    const b = await runMethod(fb.be, model, data, 'e', m, options, losses(eng));
    expect(fb.calls).toBeLessThan(fa.calls / 2);
    const onnxBytes = new Uint8Array(readFileSync(join(TINY, 'model.onnx')));
    const runner = await TrunkRunner.create(onnxBytes, { ep: 'wasm' });
    const c = await runMethod(new CpuBackend(), { ...model, trunk: runner }, data, 'o', m, options, losses(onnx));
    expect(full.length).toBeGreaterThan(10);
    eng.forEach((l, i) => expect(l).toBeCloseTo(full[i], 5));
    onnx.forEach((l, i) => expect(l).toBeCloseTo(full[i], 3));
    a.test.probs.forEach((p, i) => expect(b.test.probs[i]).toBeCloseTo(p, 5));
    a.test.probs.forEach((p, i) => expect(c.test.probs[i]).toBeCloseTo(p, 3));
    expect(runner.cache!.hits).toBeGreaterThan(0);
  });

  it('refuses invalid hyper-parameters before training', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    for (const bad of [{ r: 64 }, { K: -1 }, { c: -0.5 }, { lrAdapter: 0 }, { lrHead: Number.NaN }]) {
      await expect(runMethod(new CpuBackend(), model, data, 'x', cfg('b-lora-xs', bad), options, quiet)).rejects.toBeInstanceOf(InvalidConfigError);
    }
  });

  it('early stopping halts when the validation NLL stops improving and keeps the best state', async () => {
    const model = await tiny();
    // Validation labels are the opposite of the training rule: the better the fit, the worse the validation NLL.
    const flipped = { ...dataset, validation: dataset.validation.map((e) => ({ ...e, label: 1 - e.label })) };
    const data = tokenizeDataset(model, flipped, 16);
    const evals: { step: number; nll: number }[] = [];
    const r = await runMethod(
      new CpuBackend(),
      model,
      data,
      'es',
      cfg('lora-xs', { earlyStopPatience: 2 }),
      { ...options, evalEverySteps: 2 },
      { ...quiet, evaluated: (e) => evals.push(e) },
    );
    const best = evals.reduce((a, b) => (b.nll < a.nll ? b : a));
    expect(r.note).toMatch(new RegExp(`stopped early at step ${evals.at(-1)!.step} .* kept the step-${best.step} state`));
    expect(evals.at(-1)!.step).toBeLessThan(72); // 6 epochs × 12 steps planned
    const val = r.validation!;
    let nllKept = 0;
    for (let i = 0; i < val.labels.length; i++) nllKept -= Math.log(val.probs[2 * i + val.labels[i]]);
    expect(nllKept / val.labels.length).toBeCloseTo(best.nll, 4);
    const off = await runMethod(new CpuBackend(), model, data, 'es0', cfg('lora-xs'), { ...options, evalEverySteps: 2 }, quiet);
    expect(off.note).toBeUndefined();
  });

  it('stops a diverging run, says so, and keeps the last good state', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 16);
    const r = await runMethod(
      new CpuBackend(),
      model,
      data,
      'd',
      cfg('lora-xs', { lrAdapter: 1e38, lrHead: 1e38, epochs: 2 }),
      { ...options, evalEverySteps: 1 },
      quiet,
    );
    expect(r.warning).toMatch(/training loss became/);
    expect([...r.test.probs].every(Number.isFinite)).toBe(true);
  });
});

describe('testSplitProblem', () => {
  const split = (labels: number[]) => ({ labels: Int32Array.from(labels) }) as never;
  it('refuses an empty test split and one that misses a class, with the counts', () => {
    expect(testSplitProblem({ test: split([]), nClasses: 2 })).toMatch(/the test split is empty/);
    expect(testSplitProblem({ test: split([0, 0, 2]), nClasses: 3 })).toBe(
      'the test split has no examples of class 1 (counts per class: 2, 0, 1): accuracy and calibration would leave them out',
    );
    expect(testSplitProblem({ test: split([0, 1]), nClasses: 2 })).toBeNull();
  });
});
