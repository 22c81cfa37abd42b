// The merged-model folder of every family as loaders open it: a classifier trained a few steps on
// the family's tiny fixture is exported by mergedModelFolder (what the page's worker and the CLI
// call); onnxruntime-node runs the folder's model.onnx from disk with the inputs the graph declares
// (no token_type_ids for DistilBERT, RoBERTa, XLM-R) and must give the engine's logits; config.json
// is the family's and reads back as the model's config; tokenizer files are the base model's own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { relErr } from '../../engine/cpu/testing/test_helpers';
import { parseFamilyConfig } from '../../model/family_config';
import { trainedOnFixture } from '../testing/trained_fixture';
import { mergedModelFolder } from './model_folder';
import { TOKENIZER_FILES } from './tokenizer_files';

const NAMES = ['negative', 'neutral', 'positive'];
const CASES: [string, string, string, string[]][] = [
  ['tiny-distilbert', 'distilbert', 'DistilBertForSequenceClassification', ['input_ids', 'attention_mask']],
  ['tiny-roberta', 'roberta', 'RobertaForSequenceClassification', ['input_ids', 'attention_mask']],
  ['tiny-xlmr', 'xlm-roberta', 'XLMRobertaForSequenceClassification', ['input_ids', 'attention_mask']],
  ['tiny-minilm', 'bert', 'BertForSequenceClassification', ['input_ids', 'attention_mask', 'token_type_ids']],
];

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

describe('merged model folder of each family', () => {
  for (const [fixture, modelType, arch, inputs] of CASES) {
    it(`${fixture}: onnxruntime-node on the folder gives the engine's logits (≤ 1e-4), config.json is ${arch}`, async () => {
      const t = await trainedOnFixture(fixture, 'loraxs');
      const { files } = mergedModelFolder(t.model, t.run, NAMES, baseFiles(t.dir));
      const dir = mkdtempSync(join(tmpdir(), `folder-${fixture}-`));
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);

      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), { executionProviders: ['cpu'] });
      expect(session.inputNames).toEqual(inputs);
      const { enc } = t;
      const i64 = (a: Int32Array) =>
        new ort.Tensor(
          'int64',
          BigInt64Array.from(a, (x) => BigInt(x)),
          [enc.batch, enc.seqLen],
        );
      const all: Record<string, Int32Array> = { input_ids: enc.inputIds, attention_mask: enc.attentionMask, token_type_ids: enc.tokenTypeIds };
      const out = await session.run(Object.fromEntries(inputs.map((n) => [n, i64(all[n])])));
      await session.release();
      expect(enc.attentionMask.some((x) => x === 0)).toBe(true);
      const err = relErr(out.logits.data as Float32Array, t.logits);
      console.log(`${fixture} folder model.onnx (onnxruntime-node) vs engine, relative logit error:`, err);
      expect(err).toBeLessThan(1e-4);
      // The head's activation node: DistilBERT's ReLU, the others' tanh (the op type strings of the graph).
      const onnx = Buffer.from(files['model.onnx']);
      const [act, not] = modelType === 'distilbert' ? ['Relu', 'Tanh'] : ['Tanh', 'Relu'];
      expect([onnx.includes(act), onnx.includes(not)]).toEqual([true, false]);

      const cfg = JSON.parse(strFromU8(files['config.json']));
      expect(cfg.model_type).toBe(modelType);
      expect(cfg.architectures).toEqual([arch]);
      expect(cfg.id2label).toEqual({ 0: 'negative', 1: 'neutral', 2: 'positive' });
      expect(cfg.label2id).toEqual({ negative: 0, neutral: 1, positive: 2 });
      // Read back as the loader reads a config.json of that family: the model's own config.
      expect(parseFamilyConfig(t.model.family, cfg)).toEqual({ ...t.model.config, numLabels: 3 });
      if (modelType === 'roberta' || modelType === 'xlm-roberta') {
        const base = JSON.parse(readFileSync(join(t.dir, 'config.json'), 'utf8'));
        for (const k of ['max_position_embeddings', 'pad_token_id', 'bos_token_id', 'eos_token_id', 'type_vocab_size', 'layer_norm_eps'])
          expect(cfg[k], k).toBe(base[k]);
      }
      for (const n of Object.keys(baseFiles(t.dir))) expect(Buffer.from(files[n]).equals(readFileSync(join(t.dir, n))), n).toBe(true);
      expect(strFromU8(files['README.md'])).toContain(`takes int64 ${inputs.join(', ')} [batch, sequence]`);
    });
  }
});
