// `blora export` on what `blora train --out` writes: a B-LoRA-XS run on the tiny fixture model
// with c = 0 (its predictive is then exactly the SWA-mean model the exports hold), so the record's
// test probabilities are the reference: the merged folder's model.onnx in onnxruntime-node and the
// PEFT folder applied in PyTorch by PEFT's rules (tools/export/peft_roundtrip.py) must reproduce them.
// Bad input: a missing or invalid record, a version-1 record without adapters, an adapter file
// that does not fit the base model, a record trained on another model. Class names come from the
// record (or the adapter file's metadata) only; a record without them exports label indexes and says so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenizerFromJson } from '../model/tokenizer_load';
import { parseRunRecord, recordAdapterBytes, type RunRecord } from '../train/run_record';
import { labelledCsv, runCli, tinyLabelledRows } from './testing/cli_in_process';

const ROOT = join(__dirname, '..', '..');
const TINY = join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert');
const dir = mkdtempSync(join(tmpdir(), 'blora-export-'));
const rows = (n: number, seed: number) => tinyLabelledRows(n, seed);
const csv = labelledCsv;
const TEST = rows(12, 5);

const blora = runCli;

const RECORD = join(dir, 'run.json');
let rec: RunRecord;

beforeAll(async () => {
  writeFileSync(join(dir, 'train.csv'), csv(rows(60, 1)));
  writeFileSync(join(dir, 'test.csv'), csv(TEST));
  const r = await blora(
    'train',
    '--model',
    TINY,
    '--train',
    join(dir, 'train.csv'),
    '--test',
    join(dir, 'test.csv'),
    '--method',
    'b-lora-xs',
    '--r',
    '2',
    '--K',
    '2',
    '--c',
    '0',
    '--epochs',
    '4',
    '--swag-start',
    '1',
    '--batch',
    '8',
    '--lr',
    '0.02',
    '--lr-head',
    '0.02',
    '--backend',
    'cpu',
    '--max-length',
    '32',
    '--quiet',
    '--out',
    RECORD,
  );
  expect(r.code, r.err).toBe(0);
  rec = parseRunRecord(readFileSync(RECORD, 'utf8'), RECORD);
}, 300_000);

/** The test split as the exported tokenizer encodes it (the folder's own tokenizer.json). */
function testCase(tokenizerDir: string) {
  const tok = tokenizerFromJson(
    JSON.parse(readFileSync(join(tokenizerDir, 'tokenizer.json'), 'utf8')),
    JSON.parse(readFileSync(join(tokenizerDir, 'tokenizer_config.json'), 'utf8')),
  );
  const b = tok.encodeBatch(
    TEST.map((r) => r.text),
    { maxLength: 32, padding: 'longest' },
  );
  const split = (a: Int32Array) => Array.from({ length: b.batch }, (_, i) => Array.from(a.subarray(i * b.seqLen, (i + 1) * b.seqLen)));
  const C = rec.splits.test!.nClasses;
  const probs = Array.from({ length: b.batch }, (_, i) => rec.splits.test!.probs.slice(i * C, (i + 1) * C));
  return { b, input_ids: split(b.inputIds), token_type_ids: split(b.tokenTypeIds), attention_mask: split(b.attentionMask), probs };
}

describe('blora train --out → blora export', () => {
  it('the run record holds the adapters (version 2) and the test split in file order', async () => {
    expect(rec.version).toBe(2);
    expect((await recordAdapterBytes(rec, RECORD)).length).toBeGreaterThan(1000);
    expect(rec.splits.test!.labels.map((l) => rec.dataset.labelNames[l])).toEqual(TEST.map((r) => r.label));
  });

  it('--format onnx: the folder opens in onnxruntime-node and gives the run record test probabilities', async () => {
    const out = join(dir, 'onnx');
    const r = await blora('export', '--run', RECORD, '--format', 'onnx', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'README.md',
      'config.json',
      'lora_config.json',
      'lora_config.py',
      'model.onnx',
      'reference_command.sh',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.txt',
    ]);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(Object.values(cfg.id2label)).toEqual(rec.dataset.labelNames);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(`Labels (config.json id2label): 0 = ${rec.dataset.labelNames[0]}`);
    expect(readFileSync(join(out, 'vocab.txt')).equals(readFileSync(join(TINY, 'vocab.txt')))).toBe(true);
    const { b, probs } = testCase(out);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'), { executionProviders: ['cpu'] });
    const i64 = (a: Int32Array) =>
      new ort.Tensor(
        'int64',
        BigInt64Array.from(a, (x) => BigInt(x)),
        [b.batch, b.seqLen],
      );
    const res = await session.run({ input_ids: i64(b.inputIds), attention_mask: i64(b.attentionMask), token_type_ids: i64(b.tokenTypeIds) });
    const p = res.probabilities.data as Float32Array;
    const maxAbs = Math.max(...probs.flat().map((x, i) => Math.abs(x - p[i])));
    console.log('merged folder (onnxruntime-node) vs the run record test probabilities, max abs:', maxAbs);
    expect(maxAbs).toBeLessThan(2e-5);
    // The probabilities are not uniform: the check would notice a wrong head or missing adapters.
    expect(Math.max(...probs.flat()) - Math.min(...probs.flat())).toBeGreaterThan(0.01);
    await session.release();
  });

  it('--format peft: PEFT loading rules in PyTorch reproduce the record probabilities', async () => {
    const out = join(dir, 'peft');
    const r = await blora('export', '--run', RECORD, '--format', 'peft', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
      'labels.json',
      'lora_config.json',
      'lora_config.py',
      'reference_command.sh',
    ]);
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8'));
    expect(labels).toMatchObject({ num_labels: 3, labels_known: true, dataset: { name: rec.dataset.name, sha256: rec.dataset.sha256 } });
    expect(Object.values(labels.id2label)).toEqual(rec.dataset.labelNames);
    const { b: _b, ...kase } = testCase(TINY);
    writeFileSync(join(dir, 'case.json'), JSON.stringify(kase));
    const py = spawnSync('/usr/bin/python3', ['tools/export/peft_roundtrip.py', '--base', TINY, '--adapter', out, '--case', join(dir, 'case.json')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(py.status, py.stderr).toBe(0);
    const res = JSON.parse(py.stdout);
    console.log('PEFT folder (PyTorch) vs the run record test probabilities, max abs:', res.maxAbs);
    expect(res.maxAbs).toBeLessThan(2e-5);
    expect(res.loraModules).toBe(2 * 4);
  });

  it('--format safetensors writes the page file; --adapter reads it back to the same merged model', async () => {
    const out = join(dir, 'st');
    expect((await blora('export', '--run', RECORD, '--format', 'safetensors', '--out', out)).code).toBe(0);
    const file = join(out, 'adapters.safetensors');
    expect(readFileSync(file).equals(Buffer.from(await recordAdapterBytes(rec, RECORD)))).toBe(true);
    const again = join(dir, 'again');
    // No --labels: the adapter file's metadata names the run's classes.
    const r = await blora('export', '--adapter', file, '--model', TINY, '--format', 'onnx', '--out', again);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).note).toMatch(/no reference_command\.sh/);
    expect(JSON.parse(r.out).classes).toEqual(rec.dataset.labelNames);
    expect(readFileSync(join(again, 'model.onnx')).equals(readFileSync(join(dir, 'onnx', 'model.onnx')))).toBe(true);
    expect(readFileSync(join(again, 'config.json'), 'utf8')).toBe(readFileSync(join(dir, 'onnx', 'config.json'), 'utf8'));
  });

  it('a record without class names (an older file) exports label indexes and says so; --labels names them', async () => {
    const old = JSON.parse(readFileSync(RECORD, 'utf8'));
    delete old.dataset.labelNames;
    const file = join(dir, 'no-labels.json');
    writeFileSync(file, JSON.stringify(old));
    const out = join(dir, 'no-labels');
    const r = await blora('export', '--run', file, '--format', 'onnx', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/no-labels\.json names no usable class names \(dataset\.labelNames\): the exports name the classes by label index/);
    expect(JSON.parse(r.out)).toMatchObject({ classes: null, note: expect.stringMatching(/pass --labels/) });
    expect(Object.values(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).id2label)).toEqual(['LABEL_0', 'LABEL_1', 'LABEL_2']);
    const named = await blora('export', '--run', file, '--format', 'peft', '--out', join(dir, 'named'), '--labels', 'a,b,c');
    expect(named.code, named.err).toBe(0);
    expect(Object.values(JSON.parse(readFileSync(join(dir, 'named', 'labels.json'), 'utf8')).id2label)).toEqual(['a', 'b', 'c']);
    const wrong = await blora('export', '--run', file, '--format', 'peft', '--out', join(dir, 'x'), '--labels', 'a,b');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/--labels a,b: names 2 classes, but the run's head has 3/);
  });

  it('writes the settings as a PEFT LoraConfig and the reference command line', () => {
    const out = join(dir, 'onnx');
    const lc = JSON.parse(readFileSync(join(out, 'lora_config.json'), 'utf8'));
    expect(lc).toMatchObject({ task_type: 'SEQ_CLS', r: 2, lora_alpha: rec.method.alpha, modules_to_save: ['classifier', 'pooler'] });
    expect(lc.target_modules).toContain('bert.encoder.layer.1.attention.output.dense');
    expect(readFileSync(join(out, 'lora_config.py'), 'utf8')).toContain('r=2,');
    const sh = readFileSync(join(out, 'reference_command.sh'), 'utf8');
    for (const flag of [
      'experiment.lora_r=2',
      'method.swag_start=1',
      'method.swag_max_num_models=2',
      'method.swag_sample_scale=0',
      'experiment.num_epochs=4',
      'experiment.batch_size=8',
      'experiment.learning_rate=0.02',
      `method.swag_samples=${rec.method.S}`,
      `method.swag_learning_rate=${rec.method.swagLr}`,
    ])
      expect(sh).toContain(flag);
    expect(sh).toMatch(/UNCONFIRMED/);
  });
});

describe('blora export refuses bad input clearly', () => {
  const fails = async (pattern: RegExp, ...argv: string[]) => {
    const r = await blora('export', ...argv);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(pattern);
  };
  it('a missing, non-JSON, foreign, version-1 or damaged record', async () => {
    await fails(/--run .*nope\.json: no such file/, '--run', join(dir, 'nope.json'), '--format', 'onnx', '--out', join(dir, 'x'));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    await fails(/bad\.json is not JSON .*blora train --out/, '--run', join(dir, 'bad.json'), '--format', 'peft', '--out', join(dir, 'x'));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ format: 'something-else' }));
    await fails(/other\.json is not a run record \(format "something-else"/, '--run', join(dir, 'other.json'), '--format', 'peft', '--out', join(dir, 'x'));
    const { adapters: _a, ...v1 } = { ...rec, version: 1 };
    writeFileSync(join(dir, 'v1.json'), JSON.stringify(v1));
    await fails(/version 1 holds no adapter tensors/, '--run', join(dir, 'v1.json'), '--format', 'onnx', '--out', join(dir, 'x'));
    const damaged = JSON.parse(readFileSync(RECORD, 'utf8'));
    damaged.adapters.data = `${damaged.adapters.data[0] === 'A' ? 'B' : 'A'}${damaged.adapters.data.slice(1)}`;
    writeFileSync(join(dir, 'damaged.json'), JSON.stringify(damaged));
    await fails(
      /damaged\.json: the run record's adapter bytes have SHA-256 .* \(the file is damaged\)/,
      '--run',
      join(dir, 'damaged.json'),
      '--format',
      'peft',
      '--out',
      join(dir, 'x'),
    );
    await fails(/--format must be one of peft, safetensors, onnx/, '--run', RECORD, '--format', 'zip', '--out', join(dir, 'x'));
  });
  it('an adapter file for another model names the first tensor that does not fit, with both shapes', async () => {
    const file = join(dir, 'st', 'adapters.safetensors');
    await fails(
      /adapter tensor encoder\.layer\.0\.attention\.self\.query\.lora_A has shape \[2, 32\] but .*blora-tiny-uncased needs \[2, 128\] \(encoder\.layer\.0\.attention\.self\.query\.weight is \[128, 128\], r = 2\)/,
      '--adapter',
      file,
      '--format',
      'peft',
      '--out',
      join(dir, 'x'),
    );
    // The record knows its model: exporting it against another one is refused by the weights hash.
    await fails(
      /the run was trained on .*tiny-bert .*pass --model/,
      '--run',
      RECORD,
      '--model',
      join(ROOT, 'public', 'models', 'blora-tiny-uncased'),
      '--format',
      'onnx',
      '--out',
      join(dir, 'x'),
    );
  });
});
