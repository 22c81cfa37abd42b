// A RoBERTa checkpoint (the tiny-roberta fixture: pytorch_model.bin, byte-level BPE tokenizer.json)
// loaded in the page from a model URL, as a user would load their own: the panel names the family,
// a LoRA-XS run trains on it, and the PEFT zip the page downloads carries RoBERTa's tensor names.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const ROBERTA = join(dirname(fileURLToPath(import.meta.url)), '..', 'src/model/__fixtures__/tiny-roberta');

test('a RoBERTa model loaded from a URL trains, and its PEFT export uses RoBERTa names', async ({ page, context }) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await context.route('**/my-models/tiny-roberta/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    let body: Buffer;
    try {
      body = readFileSync(join(ROBERTA, name));
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
    return route.fulfill({ status: 200, body, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) } });
  });
  await page.goto(linkFor({ backend: 'cpu', maxLength: 32, methods: [tinyMethods()[0]], seeds: [1] }));
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await page.getByLabel('Source').selectOption('url');
  await page.getByLabel('Model base URL').fill('./my-models/tiny-roberta/');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('model-family')).toHaveText('RoBERTa', { timeout: 60_000 });
  await expect(page.getByTestId('model-error')).toHaveCount(0);

  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('24');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(1, { timeout: 180_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);

  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PEFT LoRA (zip)' }).click()]);
  const files = unzipSync(new Uint8Array(readFileSync((await d.path())!)));
  const config = JSON.parse(strFromU8(files['adapter_config.json']!));
  expect(config.modules_to_save).toEqual(['classifier']);
  const st = files['adapter_model.safetensors']!;
  const headerLen = Number(new DataView(st.buffer, st.byteOffset).getBigUint64(0, true));
  const keys = Object.keys(JSON.parse(strFromU8(st.subarray(8, 8 + headerLen)))).filter((k) => k !== '__metadata__');
  expect(keys.some((k) => k.startsWith('base_model.model.roberta.encoder.layer.0.attention.self.query.'))).toBe(true);
  expect(keys.some((k) => k.startsWith('base_model.model.bert.'))).toBe(false);
  expect(errors).toEqual([]);
});
