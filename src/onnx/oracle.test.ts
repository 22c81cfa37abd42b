// Oracle: our encoder with zero adapters (none, and LoRA at init where B = 0) reproduces
// onnxruntime-web's hidden states layer by layer and the pooled output within 1e-4,
// on the tiny fixture model and on the embedded blora-tiny-uncased model.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configureOrt } from './ort_env';
import { TrunkRunner, hiddenStateName, type TokenBatch } from './trunk_runner';
import { engineForward } from './engine_forward';
import { loadModel, type LoadedModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { loraDefaults } from '../engine/adapters/config';

const ROOT = join(__dirname, '..', '..');
const TINY = join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert');
const EMBEDDED = join(ROOT, 'public', 'models', 'blora-tiny-uncased');
const TOL = 1e-4;

const TEXTS: [string, string | null][] = [
  ['The café was not bad at all!', 'Would I go back? Probably.'],
  ['Short one.', null],
  ['中国 naïve résumé 😀 — “quotes” and ünïcödé', 'second segment here'],
];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function compare(m: LoadedModel): Promise<{ worst: number; perOutput: Record<string, number> }> {
  expect(m.onnxBytes, `${m.id}: model.onnx is missing`).toBeDefined();
  const runner = await TrunkRunner.create(m.onnxBytes!, { ep: 'wasm', cacheBytes: 0 });
  const L = m.config.numHiddenLayers;
  expect(runner.numLayers).toBe(L);
  const batch: TokenBatch = m.tokenizer.encodeBatch(TEXTS, { maxLength: Math.min(32, m.config.maxPositionEmbeddings), padding: 'longest' });
  expect(batch.attentionMask.some((x) => x === 0)).toBe(true); // padding is exercised
  const names = [...Array.from({ length: L + 1 }, (_, k) => hiddenStateName(k)), 'last_hidden_state', 'pooler_output'];
  const ort = await runner.runToHost(batch, names);
  await runner.release();
  const perOutput: Record<string, number> = {};
  for (const adapters of [null, loraDefaults(4)]) {
    const ours = engineForward(m.config, m.weights, batch, adapters);
    const tag = adapters ? 'lora@init' : 'none';
    for (let k = 0; k <= L; k++) perOutput[`${tag}:${hiddenStateName(k)}`] = maxAbsDiff(ours.hidden[k], ort[hiddenStateName(k)]);
    perOutput[`${tag}:last_hidden_state`] = maxAbsDiff(ours.hidden[L], ort.last_hidden_state);
    perOutput[`${tag}:pooler_output`] = maxAbsDiff(ours.pooled, ort.pooler_output);
  }
  // The layers really transform their input (a no-op engine and graph would agree trivially).
  expect(maxAbsDiff(ort.hidden_state_0, ort.last_hidden_state)).toBeGreaterThan(0.1);
  return { worst: Math.max(...Object.values(perOutput)), perOutput };
}

describe('engine vs onnxruntime-web (wasm EP)', () => {
  beforeAll(() => {
    configureOrt({ numThreads: 1 });
  });

  it('tiny-bert fixture: every hidden state and the pooled output within 1e-4', async () => {
    const m = await loadModel(nodeDirSource(TINY));
    const { worst, perOutput } = await compare(m);
    console.log('tiny-bert max |engine − ort|:', perOutput);
    expect(worst).toBeLessThan(TOL);
  });

  // The embedded model is committed: its files must be there.
  const modelFiles = ['config.json', 'model.safetensors', 'model.onnx'];
  it('embedded blora-tiny-uncased: every hidden state and the pooled output within 1e-4', async () => {
    for (const f of modelFiles) expect(existsSync(join(EMBEDDED, f)), `${EMBEDDED}/${f} is missing`).toBe(true);
    const m = await loadModel(nodeDirSource(EMBEDDED));
    const { worst, perOutput } = await compare(m);
    console.log('embedded max |engine − ort|:', perOutput);
    expect(worst).toBeLessThan(TOL);
  });

  it('embedded blora-tiny-uncased: onnxruntime-web reproduces the Python reference outputs', async () => {
    const refPath = join(ROOT, 'tools', 'pretrain', 'fixtures', 'onnx_reference.json');
    expect(existsSync(refPath), `${refPath} is missing`).toBe(true);
    const ref = JSON.parse(readFileSync(refPath, 'utf8'));
    const runner = await TrunkRunner.create(new Uint8Array(readFileSync(join(EMBEDDED, 'model.onnx'))), { ep: 'wasm', cacheBytes: 0 });
    for (const c of ref.cases) {
      const flat = (k: string) => Int32Array.from((c[k] as number[][]).flat());
      const b: TokenBatch = {
        inputIds: flat('input_ids'),
        attentionMask: flat('attention_mask'),
        tokenTypeIds: flat('token_type_ids'),
        batch: c.input_ids.length,
        seqLen: c.input_ids[0].length,
      };
      const out = await runner.runToHost(b, ref.output_names);
      for (const n of ref.output_names) expect(maxAbsDiff(out[n], Float32Array.from(c.outputs[n].data)), `${c.name}/${n}`).toBeLessThan(ref.tolerance ?? TOL);
    }
    await runner.release();
  });
});
