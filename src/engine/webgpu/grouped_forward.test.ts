// The grouped Monte-Carlo forward against an independent computation: the same G adapter samples
// run one at a time through the single-sample forward (setAdapterVector + predict). Covers LoRA-XS
// and LoRA, a padded batch, adapters starting above layer 0 (with and without a frozen-trunk
// input), and adapter sets that leave query/key/value or the whole attention shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Backend } from '../backend';
import { CpuBackend } from '../cpu/backend';
import { WebGpuBackend } from './webgpu_backend';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { loadModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import type { AdapterConfig } from '../adapters/config';
import { adapterStacksFromHost, releaseAdapterStacks } from '../adapters/stacks';
import { adapterVectorLength, setAdapterVector } from '../adapters/tensors';
import { randn, relErr } from '../cpu/testing/test_helpers';
import { releaseBatch, uploadBatch, type BatchTensors } from '../bert/batch';
import { buildBertClassifier } from '../bert/build';
import type { BertClassifier } from '../bert/model';
import { groupedLogits, SharedActivations } from '../bert/grouped_forward';

const TINY = join(__dirname, '..', '..', 'model', '__fixtures__', 'tiny-bert');
const tiny = loadModel(nodeDirSource(TINY), { includeOnnx: false });
const G = 4,
  B = 3,
  S = 6;

const CONFIGS: { name: string; ac: AdapterConfig; trunk?: boolean; head?: 'relu' }[] = [
  {
    name: 'LoRA-XS, reference modules, every layer',
    ac: { method: 'loraxs', modules: ['query', 'value', 'attention.output', 'ffn.out'], layers: 'all', r: 3, alpha: 16 },
  },
  { name: 'LoRA-XS on value and ffn.in of layer 1 (query, key shared)', ac: { method: 'loraxs', modules: ['value', 'ffn.in'], layers: [1], r: 2, alpha: 8 } },
  {
    name: 'LoRA-XS on ffn.out of layer 1 with a frozen-trunk input (attention shared)',
    ac: { method: 'loraxs', modules: ['ffn.out'], layers: [1], r: 2, alpha: 8 },
    trunk: true,
  },
  { name: 'LoRA on query and value, every layer', ac: { method: 'lora', modules: ['query', 'value'], layers: 'all', r: 2, alpha: 16 } },
  {
    name: "LoRA-XS on value and ffn.out, every layer, DistilBERT's ReLU head",
    ac: { method: 'loraxs', modules: ['value', 'ffn.out'], layers: 'all', r: 2, alpha: 16 },
    head: 'relu',
  },
  {
    name: 'LoRA on key and attention.output of layer 1 with a frozen-trunk input',
    ac: { method: 'lora', modules: ['key', 'attention.output'], layers: [1], r: 3, alpha: 4 },
    trunk: true,
  },
];

async function batchOf(be: Backend, model: BertClassifier, trunk: boolean): Promise<BatchTensors> {
  const vocab = model.cfg.vocabSize;
  const ids = Int32Array.from({ length: B * S }, (_, i) => 1 + ((i * 37 + 11) % (vocab - 1)));
  const mask = new Float32Array(B * S).fill(1);
  for (let b = 0; b < B; b++)
    for (let j = S - 2 * b; j < S; j++) {
      mask[b * S + j] = 0;
      ids[b * S + j] = 0;
    } // padding grows with b
  const batch = uploadBatch(be, { batch: B, seqLen: S, ids, typeIds: new Int32Array(B * S), mask });
  if (trunk) batch.trunk = { layer: model.lowestAdaptedLayer(), hidden: model.trunkHidden(batch, model.lowestAdaptedLayer()) };
  return batch;
}

async function compare(be: Backend, c: (typeof CONFIGS)[number]): Promise<void> {
  const m = await tiny;
  const cfg = { ...m.config, headActivation: c.head ?? m.config.headActivation };
  const model = buildBertClassifier(be, cfg, m.weights, c.ac, { seed: 1, numLabels: 3 });
  const P = adapterVectorLength(model.adapters);
  const thetas = randn(G * P, 7, 0.3); // far from the init, so every sample changes the logits
  const batch = await batchOf(be, model, !!c.trunk);
  const stacks = adapterStacksFromHost(be, model.adapters, thetas);
  const grouped = (await be.read(groupedLogits(model, batch, stacks))) as Float32Array;
  releaseAdapterStacks(be, stacks);
  const C = model.numLabels;
  expect(grouped.length).toBe(G * B * C);
  for (let g = 0; g < G; g++) {
    setAdapterVector(be, model.adapters, thetas.subarray(g * P, (g + 1) * P));
    const one = (await be.read(model.predict(batch))) as Float32Array;
    expect(relErr(grouped.subarray(g * B * C, (g + 1) * B * C), one), `sample ${g}`).toBeLessThan(1e-5);
    if (g > 0) expect(relErr(grouped.subarray(0, B * C), one), 'samples must differ').toBeGreaterThan(1e-3);
  }
  releaseBatch(be, batch);
}

describe('groupedLogits on the CPU backend equals one forward per sample', () => {
  it.each(CONFIGS)('$name', (c) => compare(new CpuBackend(), c));

  it('chunks of samples sharing one memo reuse the shared work and give the same logits', async () => {
    const m = await tiny;
    const be = new CpuBackend();
    const model = buildBertClassifier(be, m.config, m.weights, CONFIGS[1].ac, { seed: 1, numLabels: 2 });
    const P = adapterVectorLength(model.adapters),
      C = model.numLabels;
    const thetas = randn(G * P, 8, 0.3);
    const batch = await batchOf(be, model, false);
    const whole = (await be.read(groupedLogits(model, batch, adapterStacksFromHost(be, model.adapters, thetas)))) as Float32Array;
    let linears = 0;
    const linear = be.linear.bind(be);
    be.linear = (...a) => (linears++, linear(...a));
    const shared = new SharedActivations(be);
    const counts: number[] = [];
    for (const first of [0, 2]) {
      linears = 0;
      const part = (await be.read(
        groupedLogits(model, batch, adapterStacksFromHost(be, model.adapters, thetas.subarray(first * P, (first + 2) * P)), shared),
      )) as Float32Array;
      counts.push(linears);
      expect(relErr(part, whole.subarray(first * B * C, (first + 2) * B * C))).toBeLessThan(1e-6);
    }
    // Only the first chunk runs the shared prefix (layer 0: six linears) and, in layer 1, the frozen
    // query, key and value on the shared input plus value's u = x Aᵀ.
    expect(counts[0] - counts[1]).toBe(6 + 4);
    shared.release();
  });

  it('refuses stacks that do not match the adapters', async () => {
    const m = await tiny;
    const be = new CpuBackend();
    const model = buildBertClassifier(be, m.config, m.weights, CONFIGS[0].ac, { seed: 1, numLabels: 2 });
    const batch = await batchOf(be, model, false);
    expect(() => groupedLogits(model, batch, { groups: 2, sites: [] })).toThrow(/0 stacked sites for 8 adapters/);
  });
});

describe('groupedLogits on the WebGPU backend equals one forward per sample', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());
  it.each(CONFIGS)('$name', (c) => compare(gpu, c));
});
