// Trains one tiny B-LoRA-XS run in the page (CPU backend, tiny fixture model), downloads the
// merged ONNX model and runs it with onnxruntime-web in Node on two tokenized sentence pairs; then
// the model folder zip: the same model.onnx, config.json with the data set's labels, and tokenizer
// files (written in the worker from its parsed tokenizer) that tokenize as the model's own.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { loadModel } from '../src/model/loader';
import { nodeDirSource } from '../src/model/node_dir_source';
import { tokenizerFromJson } from '../src/model/tokenizer_load';
import { configureOrt } from '../src/onnx/ort_env';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const TINY = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'model', '__fixtures__', 'tiny-bert');

test('a finished run downloads as one merged model.onnx that onnxruntime-web runs', async ({ page, context }) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'cpu', maxLength: 32, methods: [tinyMethods()[1]], seeds: [1] }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('24');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(1, { timeout: 180_000 });

  const button = page.getByRole('button', { name: 'Merged model (ONNX)' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^model-.*\.onnx$/);
  await expect(page.getByRole('status').filter({ hasText: 'SWAG posterior mean' })).toBeVisible();
  const bytes = new Uint8Array(readFileSync((await download.path())!));

  const ort = configureOrt({ numThreads: 1 });
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
  const tok = (await loadModel(nodeDirSource(TINY), { includeOnnx: false })).tokenizer;
  const b = tok.encodeBatch(
    [
      ['a fine film', 'it was good'],
      ['not good', null],
    ],
    { maxLength: 32, padding: 'longest' },
  );
  const i64 = (a: Int32Array) =>
    new ort.Tensor(
      'int64',
      BigInt64Array.from(a, (x) => BigInt(x)),
      [b.batch, b.seqLen],
    );
  const out = await session.run({ input_ids: i64(b.inputIds), attention_mask: i64(b.attentionMask), token_type_ids: i64(b.tokenTypeIds) });
  expect(out.logits.dims).toEqual([2, 2]);
  const p = out.probabilities.data as Float32Array;
  expect(p[0] + p[1]).toBeCloseTo(1, 5);
  expect(p[2] + p[3]).toBeCloseTo(1, 5);
  expect([...(out.logits.data as Float32Array)].every(Number.isFinite)).toBe(true);
  await session.release();

  const [zipped] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Merged model folder (zip)' }).click()]);
  expect(zipped.suggestedFilename()).toMatch(/^model-.*\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync((await zipped.path())!)));
  const folder = zipped.suggestedFilename().replace(/\.zip$/, '');
  const file = (name: string) => files[`${folder}/${name}`];
  expect(Object.keys(files).sort()).toEqual(
    ['README.md', 'config.json', 'model.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt'].map((n) => `${folder}/${n}`),
  );
  expect(Buffer.from(file('model.onnx')).equals(Buffer.from(bytes))).toBe(true);
  const cfg = JSON.parse(strFromU8(file('config.json')));
  expect(cfg.architectures).toEqual(['BertForSequenceClassification']);
  const labels = Object.values(cfg.id2label) as string[];
  expect(labels).toHaveLength(2);
  expect(labels.some((l) => /^LABEL_\d$/.test(l))).toBe(false);
  const zipTok = tokenizerFromJson(JSON.parse(strFromU8(file('tokenizer.json'))), JSON.parse(strFromU8(file('tokenizer_config.json'))));
  expect(
    zipTok.encodeBatch(
      [
        ['a fine film', 'it was good'],
        ['not good', null],
      ],
      { maxLength: 32, padding: 'longest' },
    ).inputIds,
  ).toEqual(b.inputIds);
  expect(errors).toEqual([]);
});
