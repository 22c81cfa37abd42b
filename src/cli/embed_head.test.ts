// `blora embed` and the checkpoint's classification head (issue 22, item 12): a
// BertForSequenceClassification checkpoint (built here from the tiny fixture with a seeded head and
// id2label) prints its head's logits, equal to classifier(pooled output), under its label names; the
// DistilBERT and RoBERTa fixtures' heads give their torch reference logits
// (tools/golden/family_fixtures.py); a checkpoint without a head says so and prints no logits.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../engine/cpu/backend';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { parseSafetensors, serializeSafetensors, type TensorMap } from '../model/safetensors';
import { philoxNormal } from '../rng/philox';
import { embedForward } from './embed';
import { main } from './main';

const FIXTURES = join(__dirname, '..', 'model', '__fixtures__');
const TINY = join(FIXTURES, 'tiny-bert');
const LABELS = ['negative', 'neutral', 'positive'];

/** tiny-bert saved as BertForSequenceClassification: bert.* tensors, a seeded 3-label classifier, id2label. */
function sequenceClassifier(classifierShape = [3, 32]): { dir: string; w: Float32Array; b: Float32Array } {
  const dir = mkdtempSync(join(tmpdir(), 'blora-embed-head-'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) copyFileSync(join(TINY, f), join(dir, f));
  const config = JSON.parse(readFileSync(join(TINY, 'config.json'), 'utf8'));
  const id2label = Object.fromEntries(LABELS.map((l, i) => [String(i), l]));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, architectures: ['BertForSequenceClassification'], id2label }));
  const tensors: TensorMap = new Map();
  for (const [n, t] of parseSafetensors(new Uint8Array(readFileSync(join(TINY, 'model.safetensors'))))) tensors.set(`bert.${n}`, t);
  const [C, H] = classifierShape;
  const w = philoxNormal(7, 0, new Float32Array(C * H)).map((x) => 0.5 * x);
  const b = Float32Array.from({ length: C }, (_, i) => 0.1 * (i - 1));
  tensors.set('classifier.weight', { shape: classifierShape, data: w });
  tensors.set('classifier.bias', { shape: [C], data: b });
  writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(tensors));
  return { dir, w, b };
}

async function embed(...argv: string[]): Promise<{ code: number; json: Record<string, any>; err: string }> {
  const out: string[] = [],
    err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (s: unknown) => out.push(String(s));
  console.error = (s: unknown) => err.push(String(s));
  try {
    const code = await main(['embed', '--backend', 'cpu', '--text', 'the film was good', ...argv]);
    return { code, json: JSON.parse(out.join('\n') || '{}'), err: err.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

describe('blora embed with a checkpoint that has a classification head', () => {
  it("prints the head's logits (classifier applied to the pooled output) under the label names of id2label", async () => {
    const { dir, w, b } = sequenceClassifier();
    const { code, json } = await embed('--model', dir);
    expect(code).toBe(0);
    expect(json.head).toEqual({ labels: LABELS, tensors: ['pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias'] });
    const pooled: number[] = json.pooled_output;
    expect(pooled).toHaveLength(32);
    const expected = LABELS.map((_, c) => pooled.reduce((s, x, j) => s + w[c * 32 + j] * x, b[c]));
    expect(json.logits).toHaveLength(3);
    json.logits.forEach((x: number, c: number) => expect(x).toBeCloseTo(expected[c], 5));
    expect(Object.keys(json.logits_by_label)).toEqual(LABELS);
    expect(json.logits_by_label.positive).toBe(json.logits[2]);
    expect(json.note).toBeUndefined();
  });

  it('DistilBERT and RoBERTa heads give the torch reference logits of their checkpoints', async () => {
    for (const [name, labels] of [
      ['tiny-distilbert', ['L0', 'L1', 'L2']],
      ['tiny-roberta', ['LABEL_0', 'LABEL_1', 'LABEL_2']],
    ] as const) {
      const dir = join(FIXTURES, name);
      const m = await loadModel(nodeDirSource(dir), { includeOnnx: false });
      expect(m.checkpointHead?.labels).toEqual(labels);
      const ref = JSON.parse(readFileSync(join(dir, 'reference_outputs.json'), 'utf8'));
      const S = ref.input_ids[0].length;
      const be = new CpuBackend();
      let maxErr = 0,
        maxRef = 0;
      for (let row = 0; row < ref.input_ids.length; row++) {
        const { logits } = await embedForward(be, m, {
          seqLen: S,
          ids: Int32Array.from(ref.input_ids[row]),
          typeIds: new Int32Array(S),
          mask: Float32Array.from(ref.attention_mask[row]),
        });
        logits!.forEach((x, c) => {
          const r = ref.logits_checkpoint_head.data[row * 3 + c];
          maxErr = Math.max(maxErr, Math.abs(x - r));
          maxRef = Math.max(maxRef, Math.abs(r));
        });
      }
      be.destroy();
      expect(maxErr / maxRef, name).toBeLessThan(1e-4);
      const { json } = await embed('--model', dir);
      expect(Object.keys(json.logits_by_label)).toEqual(labels);
    }
  });
});

describe('blora embed without a usable head', () => {
  it('says that no head was loaded and prints no logits', async () => {
    const { code, json, err } = await embed('--model', TINY);
    expect(code).toBe(0);
    expect(json.pooled_output).toHaveLength(32);
    expect(json.head).toBeNull();
    expect(json.logits).toBeUndefined();
    expect(json.note).toMatch(/no classification head was loaded: the checkpoint has no classifier\.weight; no logits/);
    expect(err).toContain('no classification head was loaded');
  });
  it('names what is wrong with a head of the wrong shape', async () => {
    const { dir } = sequenceClassifier([3, 16]);
    const { json } = await embed('--model', dir);
    expect(json.logits).toBeUndefined();
    expect(json.note).toMatch(/head was not loaded: classifier\.weight has shape \[3, 16\], expected \[3, 32\]/);
  });
});
