// `blora export --adapter` on the other families: the adapter file the page writes for a run
// trained a few steps on a family's fixture (its metadata names the family) exports PEFT files and
// the merged folder in that family's names (DistilBERT's PEFT adapter saves pre_classifier and
// classifier whole: its head is trained with HF's ReLU); an adapter file of one family with a base
// model of another is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adaptersSafetensors } from '../export/adapter_files';
import { trainedOnFixture } from '../export/testing/trained_fixture';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'blora-export-family-'));

async function blora(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = () => {};
  console.error = (s: unknown) => err.push(String(s));
  try {
    return { code: await main(argv), err: err.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

async function adapterFile(fixture: string): Promise<{ file: string; base: string }> {
  const t = await trainedOnFixture(fixture, 'loraxs');
  const file = join(dir, `${fixture}.safetensors`);
  writeFileSync(file, adaptersSafetensors(t.run));
  return { file, base: t.dir };
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('blora export on the other families', () => {
  it('RoBERTa: PEFT keys and LoraConfig under roberta., the folder is RobertaForSequenceClassification', async () => {
    const { file, base } = await adapterFile('tiny-roberta');
    const peft = join(dir, 'roberta-peft');
    expect((await blora('export', '--adapter', file, '--model', base, '--format', 'peft', '--out', peft)).code).toBe(0);
    const cfg = json(join(peft, 'adapter_config.json'));
    expect(cfg.target_modules.every((m: string) => m.startsWith('roberta.encoder.layer.'))).toBe(true);
    expect(cfg.modules_to_save).toEqual(['classifier']);
    expect(json(join(peft, 'lora_config.json')).modules_to_save).toEqual(['classifier']);
    const onnx = join(dir, 'roberta-onnx');
    expect((await blora('export', '--adapter', file, '--model', base, '--format', 'onnx', '--out', onnx)).code).toBe(0);
    expect(json(join(onnx, 'config.json')).architectures).toEqual(['RobertaForSequenceClassification']);
    expect(readFileSync(join(onnx, 'tokenizer.json')).equals(readFileSync(join(base, 'tokenizer.json')))).toBe(true);
  });

  it('DistilBERT: --format peft writes q_lin … under distilbert.transformer and saves pre_classifier + classifier; onnx and safetensors export', async () => {
    const { file, base } = await adapterFile('tiny-distilbert');
    const peft = join(dir, 'd-peft');
    expect((await blora('export', '--adapter', file, '--model', base, '--format', 'peft', '--out', peft)).code).toBe(0);
    const cfg = json(join(peft, 'adapter_config.json'));
    expect(cfg.target_modules.every((m: string) => m.startsWith('distilbert.transformer.layer.'))).toBe(true);
    expect(cfg.modules_to_save).toEqual(['pre_classifier', 'classifier']);
    expect(json(join(peft, 'lora_config.json')).modules_to_save).toEqual(['pre_classifier', 'classifier']);
    expect((await blora('export', '--adapter', file, '--model', base, '--format', 'onnx', '--out', join(dir, 'd-onnx'))).code).toBe(0);
    expect(json(join(dir, 'd-onnx', 'config.json')).model_type).toBe('distilbert');
    expect((await blora('export', '--adapter', file, '--model', base, '--format', 'safetensors', '--out', join(dir, 'd-st'))).code).toBe(0);
  });

  it('an adapter file of a RoBERTa run with an XLM-R base model (same shapes) is refused', async () => {
    const { file } = await adapterFile('tiny-roberta');
    const xlmr = (await trainedOnFixture('tiny-xlmr', 'loraxs')).dir;
    const r = await blora('export', '--adapter', file, '--model', xlmr, '--format', 'onnx', '--out', join(dir, 'mix'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/trained on a roberta model, but .*tiny-xlmr is xlm-roberta/);
  });
});
