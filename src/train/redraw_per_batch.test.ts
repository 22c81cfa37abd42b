// SWAG prediction with the reference's per-batch redraw: batch b uses samples b·S … b·S + S − 1.
// The first batch (64 examples) therefore predicts exactly as with the shared S samples, and the
// second batch differs; without it every batch uses samples 0 … S − 1.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/backend';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { philoxUniform } from '../rng/philox';
import { methodDefaults } from '../methods/settings';
import type { DatasetPayload, ExampleRow } from './protocol';
import { runMethod, tokenizeDataset } from './run_method';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');

function rows(n: number, seed: number): ExampleRow[] {
  const u = philoxUniform(seed, 5, new Float32Array(n));
  return Array.from({ length: n }, (_, i) => ({ text: `${u[i] < 0.5 ? 'hello' : 'world'} is ${i % 7}`, label: u[i] < 0.5 ? 1 : 0 }));
}

describe('redrawPerBatch', () => {
  it('keeps the first batch and redraws the samples of the next ones', async () => {
    const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    const model = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
    const ds: DatasetPayload = { id: 'kw', name: 'kw', labelNames: ['world', 'hello'], train: rows(32, 1), validation: [], test: rows(100, 2), ood: [] };
    const data = tokenizeDataset(model, ds, 8);
    const base = {
      ...methodDefaults('b-lora-xs'),
      r: 2,
      epochs: 3,
      batch: 8,
      swagStart: 1,
      swagAnnealEpochs: 0,
      K: 2,
      S: 3,
      c: 2,
      collectEverySteps: 1,
      dropout: 0,
    };
    const hooks = { progress: () => {}, checkpoint: async () => {} };
    const shared = await runMethod(
      new CpuBackend(),
      model,
      data,
      'a',
      { ...base, redrawPerBatch: 0 },
      { maxLength: 8, evalEverySteps: 0, meanModel: false },
      hooks,
    );
    const fresh = await runMethod(
      new CpuBackend(),
      model,
      data,
      'b',
      { ...base, redrawPerBatch: 1 },
      { maxLength: 8, evalEverySteps: 0, meanModel: false },
      hooks,
    );
    const a = shared.test.probs,
      b = fresh.test.probs;
    expect(Array.from(b.subarray(0, 64 * 2))).toEqual(Array.from(a.subarray(0, 64 * 2)));
    let differ = 0;
    for (let i = 64 * 2; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-6) differ++;
    expect(differ).toBeGreaterThan(0);
  });
});
