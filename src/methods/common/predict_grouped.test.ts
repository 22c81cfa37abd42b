// predictSplit's grouped Monte-Carlo path (one forward over the S SWAG samples per batch) against
// its sequential path (one pass per sample, θ̃_s written into the adapters), on the tiny fixture
// model, CPU and WebGPU backends: the same seeded draws, so the predictive must agree to f32
// rounding. Covers B-LoRA-XS and SWAG-LoRA, adapters above layer 0 (frozen-trunk input), two
// batches with padding, and sample chunks forced by a small memory cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Backend } from '../../engine/backend';
import { CpuBackend } from '../../engine/cpu/backend';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import type { AdapterConfig } from '../../engine/adapters/config';
import { buildBertClassifier } from '../../engine/bert/build';
import { groupedBytesPerSample } from '../../engine/bert/grouped_forward';
import { getAdapterVector } from '../../engine/adapters/tensors';
import { philoxNormal } from '../../rng/philox';
import { SwagState } from '../../bayes/swag';
import { loadModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import { methodDefaults } from '../settings';
import type { TokenizedSplit } from './batches';
import type { MethodContext } from './types';
import { predictSplit } from './predict';
import { releaseClassifier } from './build';
import { storeFromState } from './swag_store';

const TINY = join(__dirname, '..', '..', 'model', '__fixtures__', 'tiny-bert');
const tiny = loadModel(nodeDirSource(TINY), { includeOnnx: false });
const S = 5,
  SEED = 0x5a6a,
  C_SCALE = 1;

/** 70 examples (two prediction batches of 64 and 6) of 3 … 10 tokens. */
function split(vocab: number): TokenizedSplit {
  const ids: Int32Array[] = [],
    typeIds: Int32Array[] = [];
  for (let i = 0; i < 70; i++) {
    const len = 3 + (i % 8);
    ids.push(Int32Array.from({ length: len }, (_, j) => 1 + ((i * 31 + j * 17) % (vocab - 1))));
    typeIds.push(new Int32Array(len));
  }
  return { ids, typeIds, labels: Int32Array.from({ length: 70 }, (_, i) => i % 2) };
}

const CASES: { name: string; ac: AdapterConfig; groupBytes?: (perSample: number) => number }[] = [
  {
    name: 'B-LoRA-XS, every layer, all samples in one forward',
    ac: { method: 'loraxs', modules: ['query', 'value', 'attention.output', 'ffn.out'], layers: 'all', r: 3, alpha: 16 },
  },
  {
    name: 'B-LoRA-XS on layer 1 (frozen trunk), chunks of 2 samples',
    ac: { method: 'loraxs', modules: ['query', 'value', 'attention.output', 'ffn.out'], layers: [1], r: 2, alpha: 16 },
    groupBytes: (p) => 2.5 * p,
  },
  {
    name: 'SWAG-LoRA on query and value, one sample per chunk',
    ac: { method: 'lora', modules: ['query', 'value'], layers: 'all', r: 2, alpha: 16 },
    groupBytes: () => 1,
  },
];

async function compare(be: Backend, c: (typeof CASES)[number]): Promise<void> {
  const m = await tiny;
  const model = buildBertClassifier(be, m.config, m.weights, c.ac, { seed: 3, numLabels: 2 });
  const data = split(m.config.vocabSize);
  const ctx: MethodContext = {
    be,
    model: { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights },
    data: { train: data, validation: data, test: data, ood: data, nClasses: 2 },
    method: methodDefaults('b-lora-xs'),
    options: { maxLength: 16, evalEverySteps: 0 },
    hooks: { progress: () => {}, checkpoint: async () => {} },
  };
  try {
    // A posterior wide enough that the samples disagree (non-zero mutual information).
    const theta = await getAdapterVector(be, model.adapters);
    const swag = new SwagState({ P: theta.length, K: 3 });
    const z = new Float32Array(theta.length);
    for (let k = 0; k < 4; k++) {
      philoxNormal(5, k, z);
      swag.collect(theta.map((t, i) => t + 0.3 * z[i]));
    }
    const store = storeFromState(be, swag);
    let passes = 0;
    const beforeSample = (s: number) => {
      passes++;
      store.applySample(model, SEED, s, C_SCALE);
    };
    const seq = await predictSplit(ctx, model, data, { samples: S, beforeSample });
    expect(passes).toBe(2 * S); // S passes per batch
    store.applyMean(model); // the grouped path must not read the adapters' trainable values
    const groupBytes = c.groupBytes?.(groupedBytesPerSample(model, 64 * 10, 10));
    const grp = await predictSplit(ctx, model, data, {
      samples: S,
      beforeSample,
      groupBytes,
      sampleGroup: (first, count) => store.sampleStacks(model, SEED, first, count, C_SCALE),
    });
    expect(passes).toBe(2 * S); // no sequential pass ran
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((d, x, i) => Math.max(d, Math.abs(x - b[i])), 0);
    expect(Math.max(...seq.mutualInfo)).toBeGreaterThan(1e-4);
    expect(maxDiff(grp.probs, seq.probs)).toBeLessThan(1e-5);
    expect(maxDiff(grp.entropy, seq.entropy)).toBeLessThan(1e-5);
    expect(maxDiff(grp.mutualInfo, seq.mutualInfo)).toBeLessThan(1e-5);
    store.release();
  } finally {
    releaseClassifier(model);
  }
}

describe('grouped Monte-Carlo prediction equals the sequential S passes (CPU backend)', () => {
  it.each(CASES)('$name', (c) => compare(new CpuBackend(), c));
});

describe('grouped Monte-Carlo prediction equals the sequential S passes (WebGPU backend)', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());
  it.each(CASES)('$name', (c) => compare(gpu, c));
});
