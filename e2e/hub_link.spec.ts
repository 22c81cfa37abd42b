import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type BrowserContext } from '@playwright/test';
import { linkFor, routeTinyModel } from './helpers';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'src/model/__fixtures__/tiny-bert');

/** A local stand-in for the Hugging Face Hub serving the tiny fixture as owner/tiny, logging every request. */
async function fakeHub(context: BrowserContext): Promise<{ method: string; name: string }[]> {
  const log: { method: string; name: string }[] = [];
  await context.route('https://huggingface.co/**', async (route) => {
    const req = route.request();
    const name = new URL(req.url()).pathname.split('/').pop()!;
    log.push({ method: req.method(), name });
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length, ETag' };
    if (!/^owner\/tiny\/resolve\/main\//.test(new URL(req.url()).pathname.slice(1)) || name === 'model.onnx' || name === 'vocab.txt')
      return route.fulfill({ status: 404, body: 'not found', headers: cors });
    let body: Buffer;
    try {
      body = readFileSync(join(fixture, name));
    } catch {
      return route.fulfill({ status: 404, body: 'not found', headers: cors });
    }
    return route.fulfill({ status: 200, body, headers: { ...cors, 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) } });
  });
  return log;
}

test('a link naming a Hub model shows its name and size and downloads nothing until the click', async ({ page, context }, testInfo) => {
  await routeTinyModel(context);
  const hub = await fakeHub(context);
  await page.goto(linkFor({ backend: 'cpu', modelId: 'hf:owner/tiny' }));
  const pending = page.getByTestId('model-pending');
  await expect(pending).toContainText('hf:owner/tiny');
  await expect(pending).toContainText('Nothing is downloaded until you load it');
  await expect(page.getByTestId('model-pending-size')).toContainText(/model\.safetensors \(52\.6 kB\).*: 56\.\d kB in all/);
  await expect(page.getByTestId('start')).toBeDisabled();
  await expect(page.getByTestId('start-blocker')).toContainText('The link names the Hub model hf:owner/tiny');
  await page.getByTestId('model-pending').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('hub-pending.png') });
  await page.waitForTimeout(1500); // time for a download that should not happen
  expect(hub.filter((r) => r.method === 'GET')).toEqual([]);
  expect(hub.filter((r) => r.name === 'model.safetensors').map((r) => r.method)).toEqual(['HEAD']);

  await page.getByTestId('model-confirm').click();
  await expect(page.getByTestId('model-current')).toContainText('hf:owner/tiny');
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(pending).toHaveCount(0);
  expect(hub.filter((r) => r.method === 'GET' && r.name === 'model.safetensors')).toHaveLength(1);

  // A reload finds the weights in the model cache: it loads them with no click and no second download.
  await page.reload();
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(page.getByTestId('model-from-cache')).toBeVisible();
  expect(hub.filter((r) => r.method === 'GET' && r.name === 'model.safetensors')).toHaveLength(1);
});
