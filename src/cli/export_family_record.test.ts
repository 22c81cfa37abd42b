// `blora train --out` on the tiny RoBERTa fixture → `blora export --run`: with c = 0 the record's
// test probabilities are those of the SWA-mean model the exports hold, so the PEFT folder applied by
// PEFT's rules to the fixture's checkpoint (RobertaForSequenceClassification in PyTorch,
// tools/export/peft_roundtrip.py) and the merged folder in onnxruntime-node must reproduce them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { parseRunRecord, type RunRecord } from '../train/run_record';
import { TINY_WORDS, labelledCsv, runCli, tinyLabelledRows } from './testing/cli_in_process';

const ROOT = join(__dirname, '..', '..');
const BASE = join(ROOT, 'src', 'model', '__fixtures__', 'tiny-roberta');
const WORDS = [...TINY_WORDS, 'hello', 'world'];
const dir = mkdtempSync(join(tmpdir(), 'blora-export-roberta-'));
const rows = (n: number, seed: number) => tinyLabelledRows(n, seed, WORDS);
const csv = labelledCsv;
const TEST = rows(12, 5);
const RECORD = join(dir, 'run.json');
let rec: RunRecord;

const blora = async (...argv: string[]) => {
  const { code, err } = await runCli(...argv);
  return { code, err };
};

beforeAll(async () => {
  writeFileSync(join(dir, 'train.csv'), csv(rows(48, 1)));
  writeFileSync(join(dir, 'test.csv'), csv(TEST));
  const args = ['--method', 'b-lora-xs', '--r', '2', '--K', '2', '--c', '0', '--epochs', '3', '--swag-start', '1', '--batch', '8'];
  const r = await blora(
    'train',
    '--model',
    BASE,
    '--train',
    join(dir, 'train.csv'),
    '--test',
    join(dir, 'test.csv'),
    ...args,
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

async function testCase() {
  const tok = (await loadModel(nodeDirSource(BASE), { includeOnnx: false })).tokenizer;
  const b = tok.encodeBatch(
    TEST.map((r) => r.text),
    { maxLength: 32, padding: 'longest' },
  );
  const split = (a: Int32Array) => Array.from({ length: b.batch }, (_, i) => Array.from(a.subarray(i * b.seqLen, (i + 1) * b.seqLen)));
  const C = rec.splits.test!.nClasses;
  const probs = Array.from({ length: b.batch }, (_, i) => rec.splits.test!.probs.slice(i * C, (i + 1) * C));
  return { b, kase: { input_ids: split(b.inputIds), token_type_ids: split(b.tokenTypeIds), attention_mask: split(b.attentionMask), probs } };
}

describe('blora train --out on RoBERTa → blora export --run', () => {
  it('--format peft: RobertaForSequenceClassification + the adapter by PEFT rules gives the record probabilities', async () => {
    const out = join(dir, 'peft');
    const r = await blora('export', '--run', RECORD, '--format', 'peft', '--out', out);
    expect(r.code, r.err).toBe(0);
    const { kase } = await testCase();
    writeFileSync(join(dir, 'case.json'), JSON.stringify(kase));
    const py = spawnSync('/usr/bin/python3', ['tools/export/peft_roundtrip.py', '--base', BASE, '--adapter', out, '--case', join(dir, 'case.json')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(py.status, py.stderr).toBe(0);
    const res = JSON.parse(py.stdout);
    console.log('RoBERTa PEFT folder (PyTorch) vs the run record test probabilities:', res);
    expect(res.maxAbs).toBeLessThan(2e-5);
    expect(res.savedModules).toEqual(['classifier']);
    expect(Math.max(...kase.probs.flat()) - Math.min(...kase.probs.flat())).toBeGreaterThan(0.01);
  });

  it('--format onnx: the RoBERTa folder in onnxruntime-node gives the record probabilities', async () => {
    const out = join(dir, 'onnx');
    const r = await blora('export', '--run', RECORD, '--format', 'onnx', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).architectures).toEqual(['RobertaForSequenceClassification']);
    const { b, kase } = await testCase();
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'), { executionProviders: ['cpu'] });
    const i64 = (a: Int32Array) =>
      new ort.Tensor(
        'int64',
        BigInt64Array.from(a, (x) => BigInt(x)),
        [b.batch, b.seqLen],
      );
    const res = await session.run({ input_ids: i64(b.inputIds), attention_mask: i64(b.attentionMask) });
    await session.release();
    const p = res.probabilities.data as Float32Array;
    const maxAbs = Math.max(...kase.probs.flat().map((x, i) => Math.abs(x - p[i])));
    console.log('RoBERTa merged folder (onnxruntime-node) vs the run record test probabilities, max abs:', maxAbs);
    expect(maxAbs).toBeLessThan(2e-5);
  });
});
