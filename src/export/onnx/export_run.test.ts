// The merged ONNX export against our engine: a BertClassifier on the CPU backend with trained-like
// adapters (non-zero random R for LoRA-XS, non-zero B for LoRA) and a random head; its logits on
// padded sentence pairs must equal onnxruntime-web's logits of the exported merged model.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../../engine/cpu/backend';
import { randn, relErr } from '../../engine/cpu/testing/test_helpers';
import { buildBertClassifier } from '../../engine/bert/build';
import type { BertClassifier } from '../../engine/bert/model';
import { uploadBatch } from '../../engine/bert/batch';
import { ADAPTER_MODULES, type AdapterMethod } from '../../engine/adapters/config';
import { initAdapters } from '../../engine/adapters/init';
import { classifierTensors } from '../../methods/common/build';
import { loadModel, type LoadedModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import type { TensorMap } from '../../model/safetensors';
import type { BatchEncoding } from '../../model/tokenizer';
import { configureOrt, ort } from '../../onnx/ort_env';
import type { MethodKind } from '../../methods/config';
import type { TensorEntry } from '../peft_lora';
import { exportMergedOnnx } from './export_run';

const TINY = join(__dirname, '..', '..', 'model', '__fixtures__', 'tiny-bert');
const PAIRS: [string, string | null][] = [
  ['The café was not bad at all!', 'Would I go back? Probably.'],
  ['Short one.', null],
  ['naïve résumé and more words here', 'second segment'],
  ['hello world', 'the cafe is not to be'],
];
const R = 4,
  ALPHA = 8,
  LABELS = 3;

let tiny: LoadedModel;
let batch: BatchEncoding;

beforeAll(async () => {
  configureOrt({ numThreads: 1 });
  tiny = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
  batch = tiny.tokenizer.encodeBatch(PAIRS, { maxLength: 32, padding: 'longest' });
});

/** A classifier with every module adapted, its trainable factors set to non-zero random values. */
function trainedLike(be: CpuBackend, method: AdapterMethod, seed: number): BertClassifier {
  const cfg = tiny.config;
  const ac = { method, modules: [...ADAPTER_MODULES], layers: 'all' as const, r: R, alpha: ALPHA };
  const inits = initAdapters(cfg, tiny.weights, ac, seed).map((a, i) =>
    method === 'loraxs' ? { ...a, r: randn(R * R, seed, 0.3, 100 + i) } : { ...a, b: randn(a.site.outF * R, seed, 0.2, 100 + i) },
  );
  const model = buildBertClassifier(be, cfg, tiny.weights, ac, { seed, numLabels: LABELS, adapterInit: inits });
  const H = cfg.hiddenSize,
    p = model.params;
  be.write(p.pooler.w, randn(H * H, seed, 0.3, 200));
  be.write(p.pooler.b, randn(H, seed, 0.3, 201));
  be.write(p.classifier.w, randn(LABELS * H, seed, 0.5, 202));
  be.write(p.classifier.b, randn(LABELS, seed, 0.5, 203));
  return model;
}

async function engineLogits(be: CpuBackend, model: BertClassifier): Promise<Float32Array> {
  const bt = uploadBatch(be, {
    batch: batch.batch,
    seqLen: batch.seqLen,
    ids: batch.inputIds,
    typeIds: batch.tokenTypeIds,
    mask: Float32Array.from(batch.attentionMask),
  });
  return Float32Array.from((await be.read(model.predict(bt))) as Float32Array);
}

async function ortOutputs(bytes: Uint8Array): Promise<{ logits: Float32Array; probs: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const i64 = (a: Int32Array) =>
    new ort.Tensor(
      'int64',
      BigInt64Array.from(a, (x) => BigInt(x)),
      [batch.batch, batch.seqLen],
    );
  const out = await session.run({ input_ids: i64(batch.inputIds), attention_mask: i64(batch.attentionMask), token_type_ids: i64(batch.tokenTypeIds) });
  await session.release();
  return { logits: out.logits.data as Float32Array, probs: out.probabilities.data as Float32Array, dims: out.logits.dims };
}

const asList = (m: TensorMap): TensorEntry[] => [...m].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
const run = (kind: MethodKind, adapters: TensorEntry[], M = 1) => ({ runId: 'test', method: { kind, r: R, alpha: ALPHA, M }, adapters });
const withBert = (m: TensorMap): TensorMap => new Map([...m].map(([k, v]) => [`bert.${k}`, v]));

describe('merged ONNX export vs the engine', () => {
  it('padding is exercised', () => {
    expect(batch.attentionMask.some((x) => x === 0)).toBe(true);
    expect(batch.tokenTypeIds.some((x) => x === 1)).toBe(true);
  });

  for (const [method, kind] of [
    ['loraxs', 'b-lora-xs'],
    ['lora', 'lora'],
  ] as const) {
    it(`${method}: logits of the merged model match the engine within 1e-4 (relative)`, async () => {
      const be = new CpuBackend();
      const model = trainedLike(be, method, 7);
      const ours = await engineLogits(be, model);
      const tensors = asList(await classifierTensors(model));
      // The adapters really change the model: without them the logits move far more than 1e-4.
      for (const ad of model.adapters) be.write(method === 'loraxs' ? ad.r! : ad.b, new Float32Array(method === 'loraxs' ? R * R : ad.site.outF * R));
      expect(relErr(await engineLogits(be, model), ours)).toBeGreaterThan(1e-2);

      // LoRA's base map carries HF's "bert." prefix; both spellings are accepted.
      const base = method === 'lora' ? withBert(tiny.weights) : tiny.weights;
      const { bytes } = exportMergedOnnx(tiny.config, base, run(kind, tensors), 'tiny-bert');
      const onnx = await ortOutputs(bytes);
      expect(onnx.dims).toEqual([PAIRS.length, LABELS]);
      const err = relErr(onnx.logits, ours);
      console.log(`${method} merged ONNX vs engine, relative logit error:`, err);
      expect(err).toBeLessThan(1e-4);
      for (let i = 0; i < PAIRS.length; i++) {
        const row = ours.subarray(i * LABELS, (i + 1) * LABELS);
        const z = row.reduce((a, x) => a + Math.exp(x), 0);
        for (let k = 0; k < LABELS; k++) expect(onnx.probs[i * LABELS + k]).toBeCloseTo(Math.exp(row[k]) / z, 5);
      }
      be.destroy();
    });
  }

  it('temperature divides the logits; an ensemble exports member 1 and says so', async () => {
    const be = new CpuBackend();
    const model = trainedLike(be, 'loraxs', 11);
    const ours = await engineLogits(be, model);
    const tensors = asList(await classifierTensors(model));
    const T = 2.5;
    const scaled = exportMergedOnnx(tiny.config, tiny.weights, run('temperature', [...tensors, { name: 'temperature', shape: [1], data: Float32Array.of(T) }]));
    expect(scaled.description).toMatch(/temperature T = 2\.5/);
    expect(
      relErr(
        (await ortOutputs(scaled.bytes)).logits,
        ours.map((x) => x / T),
      ),
    ).toBeLessThan(1e-4);

    const other = asList(await classifierTensors(trainedLike(be, 'loraxs', 12), 'member1.'));
    const ens = exportMergedOnnx(tiny.config, tiny.weights, run('ensemble', [...asList(await classifierTensors(model, 'member0.')), ...other], 2));
    expect(ens.description).toMatch(/member 1 of the 2-member deep ensemble/);
    expect(relErr((await ortOutputs(ens.bytes)).logits, ours)).toBeLessThan(1e-4);
    be.destroy();
  });
});

describe('merged ONNX export refuses bad adapter tensors', () => {
  const H = 32;
  const good = (): TensorEntry[] => [
    { name: 'encoder.layer.0.attention.self.query.lora_A', shape: [R, H], data: new Float32Array(R * H) },
    { name: 'encoder.layer.0.attention.self.query.lora_B', shape: [H, R], data: new Float32Array(H * R) },
    { name: 'encoder.layer.0.attention.self.query.lora_R', shape: [R, R], data: new Float32Array(R * R) },
    { name: 'pooler.dense.weight', shape: [H, H], data: new Float32Array(H * H) },
    { name: 'pooler.dense.bias', shape: [H], data: new Float32Array(H) },
    { name: 'classifier.weight', shape: [2, H], data: new Float32Array(2 * H) },
    { name: 'classifier.bias', shape: [2], data: new Float32Array(2) },
  ];
  const exportWith = (tensors: TensorEntry[], kind: MethodKind = 'lora-xs', r = R) =>
    exportMergedOnnx(tiny.config, tiny.weights, { runId: 'x', method: { kind, r, alpha: ALPHA, M: 1 }, adapters: tensors });
  const replace = (suffix: string, t: Partial<TensorEntry> | null) => good().flatMap((x) => (x.name.endsWith(suffix) ? (t ? [{ ...x, ...t }] : []) : [x]));

  it('the good set exports', () => {
    expect(exportWith(good()).bytes.length).toBeGreaterThan(10_000);
  });
  it('names what is missing or mis-shaped', () => {
    expect(() => exportWith(replace('lora_B', null))).toThrow(/ONNX export: adapter encoder\.layer\.0\.attention\.self\.query lacks its B factor/);
    expect(() => exportWith(replace('lora_A', { data: new Float32Array(5) }))).toThrow(/lora_A has 5 values but shape \[4, 32\]/);
    expect(() => exportWith(replace('lora_A', { shape: [R, 31], data: new Float32Array(R * 31) }))).toThrow(/is 32×31 \(B·A\) but the base weight is 32×32/);
    expect(() => exportWith(replace('lora_R', { shape: [2, 2], data: new Float32Array(4) }))).toThrow(/R of 4 values, expected 4×4/);
    expect(() => exportWith(good(), 'lora-xs', 2)).toThrow(/rank 4, the run's method has r = 2/);
    expect(() => exportWith(replace('classifier.weight', null))).toThrow(/no trained head tensor classifier\.weight/);
    expect(() => exportWith(replace('classifier.bias', { shape: [3], data: new Float32Array(3) }))).toThrow(
      /classifier\.bias" has shape \[3\], expected \[2\]/,
    );
    expect(() => exportWith(good().map((t) => ({ ...t, name: t.name.replace('layer.0', 'layer.9') })))).toThrow(/no base weight encoder\.layer\.9/);
    expect(() => exportWith(good().filter((t) => !t.name.includes('lora')))).toThrow(/no adapter factors/);
    expect(() => exportWith(good(), 'ensemble')).toThrow(/no member0\.\* tensors/);
    expect(() => exportWith(good(), 'temperature')).toThrow(/no "temperature" tensor/);
  });
});
