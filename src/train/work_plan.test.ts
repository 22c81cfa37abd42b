// planRunWork against what the methods really do: every example pass a run makes is reported
// through hooks.did, and the counts must equal the plan the ETA is computed from.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/backend';
import { planRunWork } from '../methods/common/work_plan';
import type { MethodKind } from '../methods/config';
import type { ModelBundle, RunHooks } from '../methods/common/types';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { philoxUniform } from '../rng/philox';
import { methodDefaults } from '../methods/settings';
import type { DatasetPayload, ExampleRow, TrainOptions } from './protocol';
import { runMethod, tokenizeDataset } from './run_method';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');

function rows(n: number, seed: number, label?: number): ExampleRow[] {
  const u = philoxUniform(seed, 3, new Float32Array(n));
  return Array.from({ length: n }, (_, i) => ({ text: u[i] < 0.5 ? 'hello there' : 'world is', label: label ?? (u[i] < 0.5 ? 1 : 0) }));
}

const dataset: DatasetPayload = {
  id: 'kw',
  name: 'keyword',
  labelNames: ['world', 'hello'],
  train: rows(40, 1),
  validation: rows(12, 2),
  test: rows(20, 3),
  ood: rows(8, 4, -1),
};

let bundle: ModelBundle | null = null;
async function tiny(): Promise<ModelBundle> {
  if (!bundle) {
    const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    bundle = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
  }
  return bundle;
}

const CASES: [MethodKind, Record<string, number>][] = [
  ['lora-xs', {}],
  ['b-lora-xs', { swagStart: 1, K: 2, S: 3, collectEverySteps: 1 }],
  ['mc-dropout', { S: 3 }],
  ['temperature', {}],
  ['ensemble', { M: 2 }],
  ['laplace', { S: 3 }],
];

describe('planRunWork counts what the run does', () => {
  it.each(CASES)('%s', async (kind, over) => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 8);
    const method = { ...methodDefaults(kind), r: 2, epochs: 2, batch: 16, dropout: kind === 'mc-dropout' ? 0.1 : 0, swagAnnealEpochs: 0, ...over };
    const options: TrainOptions = { maxLength: 8, evalEverySteps: 2, kSweep: kind === 'b-lora-xs' };
    const did = { train: 0, forward: 0 };
    const hooks: RunHooks = {
      progress: () => {},
      evaluated: () => {},
      checkpoint: async () => {},
      did: (k, n) => {
        did[k] += n;
      },
    };
    await runMethod(new CpuBackend(), model, data, 'plan', method, options, hooks);
    const sizes = { train: 40, validation: 12, test: 20, ood: 8 };
    expect(did).toEqual(planRunWork(method, sizes, options, true));
  });
});

describe('LoRA-XS set-up progress', () => {
  it('each truncated SVD of the set-up is a progress event before training starts', async () => {
    const model = await tiny();
    const data = tokenizeDataset(model, dataset, 8);
    const events: { phase: string; what?: string; step: number; totalSteps: number }[] = [];
    const method = { ...methodDefaults('lora-xs'), r: 2, epochs: 1, batch: 16 };
    await runMethod(
      new CpuBackend(),
      model,
      data,
      'svd',
      method,
      { maxLength: 8, evalEverySteps: 0 },
      { progress: (e) => events.push(e), checkpoint: async () => {} },
    );
    const svd = events.filter((e) => e.what === 'truncated SVD of the adapted weights');
    expect(svd.length).toBeGreaterThan(1);
    expect(svd.map((e) => e.step)).toEqual(svd.map((_, i) => i + 1));
    expect(svd.every((e) => e.phase === 'prepare' && e.totalSteps === svd.length)).toBe(true);
    expect(events.indexOf(svd.at(-1)!)).toBeLessThan(events.findIndex((e) => e.phase === 'map'));
  });
});

describe('tokenizeDataset progress', () => {
  it('counts examples over all splits, ending at the total', async () => {
    const model = await tiny();
    const seen: [number, number][] = [];
    const data = tokenizeDataset(model, dataset, 8, (done, total) => seen.push([done, total]));
    expect(data.train.labels.length).toBe(40);
    expect(seen.at(-1)).toEqual([80, 80]);
    expect(seen.map(([d]) => d)).toEqual([40, 52, 72, 80]);
  });
});
