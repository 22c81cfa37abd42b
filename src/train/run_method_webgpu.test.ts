// The method layer on the WebGPU backend (Dawn on SwiftShader in Node): B-LoRA-XS with the SWAG
// posterior collected and sampled on the GPU and the Monte-Carlo average taken there must agree
// with the CPU backend run; the run rebuilt from its stored tensors (try a sentence) predicts a test
// example as the run stored it. A missing adapter fails the test (getTestDevice throws).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../engine/cpu/backend';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { getTestDevice } from '../gpu/testing/node_gpu';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { methodDefaults } from '../methods/settings';
import type { ModelBundle, RunHooks } from '../methods/common/types';
import type { DatasetPayload } from './protocol';
import { runMethod, tokenizeDataset } from './run_method';
import { TextPredictor } from './text_prediction';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const rows = (n: number, off: number) =>
  Array.from({ length: n }, (_, i) => ({ text: `${(i + off) % 2 ? 'hello' : 'world'} the ${['cafe', 'play', 'is'][(i + off) % 3]}`, label: (i + off) % 2 }));

describe('runMethod on the WebGPU backend', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());

  it('B-LoRA-XS (GPU SWAG collection, sampling and MC average) matches the CPU backend', async () => {
    const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const model: ModelBundle = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
    const ds: DatasetPayload = { id: 'kw', name: 'kw', labelNames: ['a', 'b'], train: rows(24, 0), validation: rows(8, 1), test: rows(12, 2), ood: [] };
    const data = tokenizeDataset(model, ds, 12);
    const method = {
      ...methodDefaults('b-lora-xs'),
      r: 2,
      epochs: 3,
      batch: 8,
      dropout: 0,
      swagStart: 1,
      swagAnnealEpochs: 1,
      K: 3,
      S: 4,
      c: 1,
      collectEverySteps: 1,
      lrAdapter: 2e-2,
      lrHead: 2e-2,
      swagLr: 2e-2,
    };
    const quiet: RunHooks = { progress: () => {}, checkpoint: async () => {} };
    const opts = { maxLength: 12, evalEverySteps: 0 };
    const onGpu = await runMethod(gpu, model, data, 'g', method, opts, quiet);
    const onCpu = await runMethod(new CpuBackend(), model, data, 'c', method, opts, quiet);
    expect(Math.max(...onGpu.test.mutualInfo)).toBeGreaterThan(0);
    onCpu.test.probs.forEach((p, i) => expect(Math.abs(onGpu.test.probs[i] - p)).toBeLessThan(2e-3));
    onCpu.test.mutualInfo.forEach((x, i) => expect(Math.abs(onGpu.test.mutualInfo[i] - x)).toBeLessThan(2e-3));
    const mean = (r: typeof onGpu) => r.adapters.find((t) => t.name === 'swag.mean')!.data;
    mean(onCpu).forEach((x, i) => expect(Math.abs(mean(onGpu)[i] - x)).toBeLessThan(1e-3));
    expect(onGpu.covarianceEigenvalues!.length).toBe(3);
    // Try a sentence on the GPU: the run rebuilt from its stored tensors predicts a test example as the run stored it.
    const texts = new TextPredictor();
    for (const i of [8]) {
      const run = { runId: 'g', method, nClasses: 2, adapters: onGpu.adapters, maxLength: 12, example: { index: i, batch: ds.test } };
      const [a] = await texts.predict(gpu, model, { type: 'predict-text', requestId: i, text: ds.test[i].text, runs: [run] });
      if ('error' in a) throw new Error(a.error);
      expect(a.S).toBe(4);
      for (let c = 0; c < 2; c++) expect(Math.abs(a.probs[c] - onGpu.test.probs[2 * i + c])).toBeLessThan(1e-5);
      expect(Math.abs(a.entropy - onGpu.test.entropy[i])).toBeLessThan(1e-5);
      expect(Math.abs(a.mutualInfo - onGpu.test.mutualInfo[i])).toBeLessThan(1e-5);
    }
    texts.clear();
  });
});
