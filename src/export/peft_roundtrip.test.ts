// The PEFT export as PEFT loads it: a classifier with trained-like adapters (LoRA-XS and LoRA on every
// module, random pooler and head) exports what the trainer writes (classifierTensors) through
// peftLoraZip; tools/export/peft_roundtrip.py applies the files to the base weights by PEFT's rules and
// runs BertForSequenceClassification in PyTorch (float64); its logits must equal the engine's.
// Needs /usr/bin/python3 with Debian's python3-torch (.ci/run installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAPTER_MODULES, type AdapterMethod } from '../engine/adapters/config';
import { initAdapters } from '../engine/adapters/init';
import { uploadBatch } from '../engine/bert/batch';
import { buildBertClassifier } from '../engine/bert/build';
import { CpuBackend } from '../engine/cpu/backend';
import { randn } from '../engine/cpu/testing/test_helpers';
import { classifierTensors } from '../methods/common/build';
import { loadModel, type LoadedModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import type { RunResult } from '../methods/run_types';
import { peftLoraZip } from './adapter_files';

const ROOT = join(__dirname, '..', '..');
const TINY = join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert');
const R = 4,
  ALPHA = 8,
  LABELS = 3;
const PAIRS: [string, string | null][] = [
  ['The café was not bad at all!', 'Would I go back? Probably.'],
  ['Short one.', null],
];

let tiny: LoadedModel;
beforeAll(async () => {
  tiny = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
});

/** Writes the exported zip and the engine's logits to a folder; returns the paths. */
async function exportCase(method: AdapterMethod, seed: number): Promise<{ adapter: string; casePath: string; files: Record<string, Uint8Array> }> {
  const be = new CpuBackend();
  const ac = { method, modules: [...ADAPTER_MODULES], layers: 'all' as const, r: R, alpha: ALPHA };
  const inits = initAdapters(tiny.config, tiny.weights, ac, seed).map((a, i) =>
    method === 'loraxs' ? { ...a, r: randn(R * R, seed, 0.3, 100 + i) } : { ...a, b: randn(a.site.outF * R, seed, 0.2, 100 + i) },
  );
  const model = buildBertClassifier(be, tiny.config, tiny.weights, ac, { seed, numLabels: LABELS, adapterInit: inits });
  const H = tiny.config.hiddenSize,
    p = model.params;
  be.write(p.pooler.w, randn(H * H, seed, 0.3, 200));
  be.write(p.classifier.w, randn(LABELS * H, seed, 0.5, 202));
  be.write(p.classifier.b, randn(LABELS, seed, 0.5, 203));
  const enc = tiny.tokenizer.encodeBatch(PAIRS, { maxLength: 32, padding: 'longest' });
  const logits = (await be.read(
    model.predict(
      uploadBatch(be, { batch: enc.batch, seqLen: enc.seqLen, ids: enc.inputIds, typeIds: enc.tokenTypeIds, mask: Float32Array.from(enc.attentionMask) }),
    ),
  )) as Float32Array;
  const adapters = [...(await classifierTensors(model))].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
  const result = { runId: 'rt', method: { kind: method === 'loraxs' ? 'b-lora-xs' : 'lora', r: R, alpha: ALPHA }, adapters } as unknown as RunResult;
  const files = unzipSync(peftLoraZip(result, 'tiny-bert'));
  const dir = mkdtempSync(join(tmpdir(), 'peft-rt-')),
    adapter = join(dir, 'adapter');
  mkdirSync(adapter);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(adapter, name), bytes);
  const rows = (a: ArrayLike<number>, n: number) => Array.from({ length: a.length / n }, (_, i) => Array.from(a).slice(i * n, (i + 1) * n));
  const casePath = join(dir, 'case.json');
  writeFileSync(
    casePath,
    JSON.stringify({
      input_ids: rows(enc.inputIds, enc.seqLen),
      token_type_ids: rows(enc.tokenTypeIds, enc.seqLen),
      attention_mask: rows(enc.attentionMask, enc.seqLen),
      logits: rows(logits, LABELS),
    }),
  );
  be.destroy();
  return { adapter, casePath, files };
}

const roundtrip = (adapter: string, casePath: string) =>
  spawnSync('/usr/bin/python3', ['tools/export/peft_roundtrip.py', '--base', TINY, '--adapter', adapter, '--case', casePath], { cwd: ROOT, encoding: 'utf8' });

describe('PEFT export round trip (PyTorch, PEFT loading rules)', () => {
  it('PyTorch with torch is here', () => {
    expect(() => execFileSync('/usr/bin/python3', ['-c', 'import torch'])).not.toThrow();
  });
  for (const method of ['loraxs', 'lora'] as const) {
    it(`${method}: BertForSequenceClassification + the adapter gives the engine's logits (≤ 1e-5 relative)`, async () => {
      const { adapter, casePath, files } = await exportCase(method, 5);
      const config = JSON.parse(strFromU8(files['adapter_config.json']));
      expect(config.modules_to_save).toEqual(['classifier', 'pooler']);
      expect(config.base_model_name_or_path).toBeNull();
      expect(config.target_modules.every((m: string) => m.startsWith('bert.encoder.layer.'))).toBe(true);
      const r = roundtrip(adapter, casePath);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.loraModules).toBe(tiny.config.numHiddenLayers * ADAPTER_MODULES.length);
      expect(out.relErr).toBeLessThan(1e-5);
    });
  }
  it('an adapter named as before the fix (no bert. prefix) is refused, not silently ignored', async () => {
    const { adapter, casePath, files } = await exportCase('loraxs', 6);
    const cfg = JSON.parse(strFromU8(files['adapter_config.json']));
    cfg.target_modules = cfg.target_modules.map((m: string) => m.replace(/^bert\./, ''));
    writeFileSync(join(adapter, 'adapter_config.json'), JSON.stringify(cfg));
    const r = roundtrip(adapter, casePath);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/not in the model/);
  });
});
