// The merged-model folder as loaders open it: onnxruntime-node (the native CPU runtime, not the
// page's onnxruntime-web) runs the folder's model.onnx from disk and must give the engine's logits;
// config.json and the tokenizer files are the ones mergedModelFolder writes, read back and checked
// against the run and the base model.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAPTER_MODULES } from '../../engine/adapters/config';
import { initAdapters } from '../../engine/adapters/init';
import { uploadBatch } from '../../engine/bert/batch';
import { buildBertClassifier } from '../../engine/bert/build';
import { CpuBackend } from '../../engine/cpu/backend';
import { randn, relErr } from '../../engine/cpu/testing/test_helpers';
import { classifierTensors } from '../../methods/common/build';
import { parseBertConfig } from '../../model/config';
import { loadModel, type LoadedModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import { BertTokenizer, type BatchEncoding } from '../../model/tokenizer';
import { tokenizerFromJson, tokenizerFromVocabTxt } from '../../model/tokenizer_load';
import type { TensorEntry } from '../peft_lora';
import { folderZip, mergedModelFolder } from './model_folder';
import { TOKENIZER_FILES, tokenizerJson, vocabTxt } from './tokenizer_files';

const ROOT = join(__dirname, '..', '..', '..');
const TINY = join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert');
const EMBEDDED = join(ROOT, 'public', 'models', 'blora-tiny-uncased');
const R = 4,
  ALPHA = 8,
  LABELS = ['negative', 'neutral', 'positive'];
const TEXTS: [string, string | null][] = [
  ['The café was not bad at all!', 'Would I go back? Probably.'],
  ['Short one.', null],
  ['naïve résumé 東京 and more words here', 'second segment'],
];

let tiny: LoadedModel;
let batch: BatchEncoding;
let engine: Float32Array;
let adapters: TensorEntry[];

beforeAll(async () => {
  tiny = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
  batch = tiny.tokenizer.encodeBatch(TEXTS, { maxLength: 32, padding: 'longest' });
  // A trained-like LoRA-XS classifier: non-zero R everywhere and a random head.
  const be = new CpuBackend();
  const ac = { method: 'loraxs' as const, modules: [...ADAPTER_MODULES], layers: 'all' as const, r: R, alpha: ALPHA };
  const inits = initAdapters(tiny.config, tiny.weights, ac, 3).map((a, i) => ({ ...a, r: randn(R * R, 3, 0.3, 100 + i) }));
  const model = buildBertClassifier(be, tiny.config, tiny.weights, ac, { seed: 3, numLabels: LABELS.length, adapterInit: inits });
  const H = tiny.config.hiddenSize;
  be.write(model.params.pooler.w, randn(H * H, 3, 0.3, 200));
  be.write(model.params.classifier.w, randn(LABELS.length * H, 3, 0.5, 202));
  be.write(model.params.classifier.b, randn(LABELS.length, 3, 0.5, 203));
  const bt = uploadBatch(be, {
    batch: batch.batch,
    seqLen: batch.seqLen,
    ids: batch.inputIds,
    typeIds: batch.tokenTypeIds,
    mask: Float32Array.from(batch.attentionMask),
  });
  engine = Float32Array.from((await be.read(model.predict(bt))) as Float32Array);
  adapters = [...(await classifierTensors(model))].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
  be.destroy();
});

const run = () => ({ runId: 'folder', method: { kind: 'b-lora-xs' as const, r: R, alpha: ALPHA, M: 1 }, adapters });
const baseFiles = (dir: string) =>
  Object.fromEntries(
    TOKENIZER_FILES.flatMap((n) => {
      try {
        return [[n, new Uint8Array(readFileSync(join(dir, n)))]];
      } catch {
        return [];
      }
    }),
  );

describe('merged model folder', () => {
  it('model.onnx from the folder on disk gives the engine logits in onnxruntime-node (≤ 1e-5 relative)', async () => {
    const { files } = mergedModelFolder(tiny, run(), LABELS, baseFiles(TINY));
    const dir = mkdtempSync(join(tmpdir(), 'folder-'));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), { executionProviders: ['cpu'] });
    const i64 = (a: Int32Array) =>
      new ort.Tensor(
        'int64',
        BigInt64Array.from(a, (x) => BigInt(x)),
        [batch.batch, batch.seqLen],
      );
    const out = await session.run({ input_ids: i64(batch.inputIds), attention_mask: i64(batch.attentionMask), token_type_ids: i64(batch.tokenTypeIds) });
    expect(out.logits.dims).toEqual([TEXTS.length, LABELS.length]);
    const err = relErr(out.logits.data as Float32Array, engine);
    console.log('folder model.onnx (onnxruntime-node) vs engine, relative logit error:', err);
    expect(err).toBeLessThan(1e-5);
    await session.release();
  });

  it('config.json is BertForSequenceClassification of the base config with the run labels', () => {
    const { files } = mergedModelFolder(tiny, run(), LABELS, baseFiles(TINY));
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'config.json',
      'model.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.txt',
    ]);
    const cfg = JSON.parse(strFromU8(files['config.json']));
    expect(cfg.architectures).toEqual(['BertForSequenceClassification']);
    expect(cfg.id2label).toEqual({ 0: 'negative', 1: 'neutral', 2: 'positive' });
    expect(cfg.label2id).toEqual({ negative: 0, neutral: 1, positive: 2 });
    expect(parseBertConfig(cfg)).toEqual({ ...tiny.config, numLabels: 3 });
    // Without label names HF's own LABEL_i.
    expect(JSON.parse(strFromU8(mergedModelFolder(tiny, run(), undefined).files['config.json'])).id2label).toEqual({
      0: 'LABEL_0',
      1: 'LABEL_1',
      2: 'LABEL_2',
    });
    expect(() => mergedModelFolder(tiny, run(), ['a', 'b'])).toThrow(/head has 3 labels but 2 label names/);
  });

  it("copies the base model's tokenizer files byte for byte and writes the one it lacks", () => {
    const { files } = mergedModelFolder(tiny, run(), LABELS, baseFiles(TINY));
    for (const n of ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json']) expect(Buffer.from(files[n]).equals(readFileSync(join(TINY, n))), n).toBe(true);
    expect(JSON.parse(strFromU8(files['special_tokens_map.json']))).toEqual({
      unk_token: '[UNK]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      cls_token: '[CLS]',
      mask_token: '[MASK]',
    });
  });

  it('written from the parsed tokenizer alone (the page), the files tokenize as the base does', () => {
    const { files } = mergedModelFolder(tiny, run(), LABELS);
    const cfg = JSON.parse(strFromU8(files['tokenizer_config.json']));
    const fromJson = tokenizerFromJson(JSON.parse(strFromU8(files['tokenizer.json'])), cfg);
    const fromVocab = tokenizerFromVocabTxt(strFromU8(files['vocab.txt']), cfg);
    const texts = [...TEXTS, ['UNAFFABLE unwanted running!!', 'ÀÉÎõü ß 中文 ...'] as [string, string]];
    for (const tok of [fromJson, fromVocab]) {
      const a = tok.encodeBatch(texts, { maxLength: 32, padding: 'longest' });
      expect(a.inputIds).toEqual(tiny.tokenizer.encodeBatch(texts, { maxLength: 32, padding: 'longest' }).inputIds);
      expect(a.tokenTypeIds.some((x) => x === 1)).toBe(true);
    }
    expect(cfg).toMatchObject({ do_lower_case: true, model_max_length: 64, cls_token: '[CLS]', sep_token: '[SEP]' });
  });

  it("the embedded model's vocab.txt and tokenizer.json vocabulary come back exactly from its parsed tokenizer", () => {
    const base = JSON.parse(readFileSync(join(EMBEDDED, 'tokenizer.json'), 'utf8'));
    const tok = tokenizerFromJson(base, JSON.parse(readFileSync(join(EMBEDDED, 'tokenizer_config.json'), 'utf8')));
    expect(vocabTxt(tok)).toBe(readFileSync(join(EMBEDDED, 'vocab.txt'), 'utf8'));
    const made = tokenizerJson(tok) as typeof base;
    for (const k of ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder', 'added_tokens', 'model']) expect(made[k], k).toEqual(base[k]);
  });

  it('keeps non-default WordPiece options (read from the parsed tokenizer)', () => {
    const vocab = new Map(['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a', '@@b'].map((t, i) => [t, i]));
    const tok = new BertTokenizer({ vocab, wordpiece: { unkToken: '[UNK]', continuingSubwordPrefix: '@@', maxInputCharsPerWord: 50 } });
    const model = tokenizerJson(tok).model as Record<string, unknown>;
    expect(model).toMatchObject({ continuing_subword_prefix: '@@', max_input_chars_per_word: 50 });
    expect(tokenizerFromJson(tokenizerJson(tok)).tokenize('ab')).toEqual(['a', '@@b']);
  });

  it('zips under one folder; model.onnx is stored, the rest deflated', () => {
    const { files } = mergedModelFolder(tiny, run(), LABELS, baseFiles(TINY));
    const back = unzipSync(folderZip(files, 'model-folder'));
    expect(Object.keys(back).sort()).toEqual(
      Object.keys(files)
        .map((n) => `model-folder/${n}`)
        .sort(),
    );
    expect(Buffer.from(back['model-folder/model.onnx']).equals(Buffer.from(files['model.onnx']))).toBe(true);
  });
});
