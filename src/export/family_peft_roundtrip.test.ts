// The PEFT export of the other families as PEFT loads it: a classifier trained a few steps on each
// family's tiny fixture exports what the trainer wrote through peftLoraZip; tools/export/peft_roundtrip.py
// applies the files to the fixture's own checkpoint by PEFT's rules and runs the family's
// *ForSequenceClassification in PyTorch (float64, tools/export/family_forward.py, checked here against
// the fixture's golden outputs); its logits must equal the engine's. DistilBERT's head is trained with
// its own ReLU, so its adapter saves pre_classifier and classifier whole, as PEFT does.
// Needs /usr/bin/python3 with Debian's python3-torch (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ADAPTER_MODULES, type AdapterMethod } from '../engine/adapters/config';
import { parseSafetensors } from '../model/safetensors';
import { peftLoraZip } from './adapter_files';
import { LABELS, trainedOnFixture, type TrainedFixture } from './testing/trained_fixture';

const ROOT = join(__dirname, '..', '..');
const py = (args: string[]) => spawnSync('/usr/bin/python3', args, { cwd: ROOT, encoding: 'utf8' });

function writeCase(t: TrainedFixture, files: Record<string, Uint8Array>): { adapter: string; casePath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'peft-fam-')),
    adapter = join(dir, 'adapter');
  mkdirSync(adapter);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(adapter, name), bytes);
  const { enc } = t;
  const rows = (a: ArrayLike<number>, n: number) => Array.from({ length: a.length / n }, (_, i) => Array.from(a).slice(i * n, (i + 1) * n));
  const casePath = join(dir, 'case.json');
  const c = {
    input_ids: rows(enc.inputIds, enc.seqLen),
    token_type_ids: rows(enc.tokenTypeIds, enc.seqLen),
    attention_mask: rows(enc.attentionMask, enc.seqLen),
  };
  writeFileSync(casePath, JSON.stringify({ ...c, logits: rows(t.logits, LABELS) }));
  return { adapter, casePath };
}

const CASES: [string, AdapterMethod, string, string[]][] = [
  ['tiny-roberta', 'loraxs', 'roberta', ['classifier']],
  ['tiny-roberta', 'lora', 'roberta', ['classifier']],
  ['tiny-xlmr', 'loraxs', 'roberta', ['classifier']],
  ['tiny-minilm', 'loraxs', 'bert', ['classifier', 'pooler']],
  ['tiny-distilbert', 'loraxs', 'distilbert', ['pre_classifier', 'classifier']],
  ['tiny-distilbert', 'lora', 'distilbert', ['pre_classifier', 'classifier']],
];

describe('PEFT export of the other families (PyTorch, PEFT loading rules)', () => {
  for (const fixture of ['tiny-roberta', 'tiny-xlmr', 'tiny-minilm', 'tiny-distilbert']) {
    it(`${fixture}: the PyTorch forward of the round trip is the fixture's golden one`, () => {
      const r = py(['tools/export/family_forward.py', join(ROOT, 'src', 'model', '__fixtures__', fixture)]);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.hiddenMaxAbs).toBeLessThan(1e-7);
      if (out.logitsMaxAbs !== undefined) expect(out.logitsMaxAbs).toBeLessThan(1e-7);
    });
  }

  for (const [fixture, method, prefix, saved] of CASES) {
    it(`${fixture} ${method}: the family's seq-cls model + the adapter gives the engine's logits (≤ 1e-5 relative)`, async () => {
      const t = await trainedOnFixture(fixture, method);
      const files = unzipSync(peftLoraZip(t.run, 'hf:owner/base'));
      const config = JSON.parse(strFromU8(files['adapter_config.json']));
      expect(config.base_model_name_or_path).toBe('owner/base');
      expect(config.modules_to_save).toEqual(saved);
      expect(config.target_modules).toHaveLength(t.model.config.numHiddenLayers * ADAPTER_MODULES.length);
      const layers = prefix === 'distilbert' ? 'distilbert.transformer.layer.' : `${prefix}.encoder.layer.`;
      expect(config.target_modules.every((m: string) => m.startsWith(layers))).toBe(true);
      const keys = [...parseSafetensors(files['adapter_model.safetensors']).keys()];
      console.log(
        `${fixture} adapter keys:`,
        keys.filter((k) => !k.includes('.layer.') || /layer\.0\.attention\.(self\.query|q_lin)/.test(k)),
      );
      const { adapter, casePath } = writeCase(t, files);
      const r = py(['tools/export/peft_roundtrip.py', '--base', t.dir, '--adapter', adapter, '--case', casePath]);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      console.log(`${fixture} ${method} PEFT (PyTorch) vs engine:`, out);
      expect(out.loraModules).toBe(t.model.config.numHiddenLayers * ADAPTER_MODULES.length);
      expect(out.relErr).toBeLessThan(1e-5);
    });
  }

  it("RoBERTa: target modules under BERT's bert. names are refused by the loader, not silently ignored", async () => {
    const t = await trainedOnFixture('tiny-roberta', 'loraxs', 6);
    const files = unzipSync(peftLoraZip(t.run, 'x', 'roberta'));
    const cfg = JSON.parse(strFromU8(files['adapter_config.json']));
    const { adapter, casePath } = writeCase(t, files);
    writeFileSync(
      join(adapter, 'adapter_config.json'),
      JSON.stringify({ ...cfg, target_modules: cfg.target_modules.map((m: string) => m.replace(/^roberta\./, 'bert.')) }),
    );
    const r = py(['tools/export/peft_roundtrip.py', '--base', t.dir, '--adapter', adapter, '--case', casePath]);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/not in the model/);
  });

  it('DistilBERT: an adapter file of another family is refused', async () => {
    const t = await trainedOnFixture('tiny-distilbert', 'loraxs');
    expect(() => peftLoraZip(t.run, 'x', 'roberta')).toThrow(/trained on a distilbert model, not roberta/);
  });
});
