import { expect, test } from '@playwright/test';
import { routeTinyModel } from './helpers';
import { routeTinyModelLogged } from './model_routes';

test('a model source that fails shows its error and keeps the loaded model', async ({ page, context }) => {
  await routeTinyModel(context);
  await page.goto('./');
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  await page.getByLabel('Source').selectOption('url');
  await page.getByLabel('Model base URL').fill('./no-such-model/');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('model-error')).toContainText('config.json');
  await expect(page.getByTestId('model-current')).toContainText('blora-tiny-uncased');
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await page.getByLabel('Source').selectOption('hub');
  await page.getByLabel('Hub model id').fill('../etc/passwd');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('model-error')).toContainText('not a Hugging Face model id');
});

const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'];

test('a failed weights download is retried on its own and the model becomes ready', async ({ page, context }) => {
  const log = await routeTinyModelLogged(context, { abort: (name, method, n) => name === 'model.safetensors' && method === 'GET' && n === 1 });
  await page.goto('./');
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  expect(log.count('model.safetensors')).toBe(2);
  await expect(page.getByTestId('dataset-current')).toContainText('train');
  await expect(page.getByTestId('start')).toBeEnabled();
});

test('the panel shows bytes received per file while the model loads', async ({ page, context }) => {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  await routeTinyModelLogged(context, { hold: (name, method) => (name === 'model.safetensors' && method === 'GET' ? held : undefined) });
  await page.goto('./');
  const progress = page.getByTestId('model-progress');
  await expect(progress).toContainText('Loading blora-tiny-uncased');
  await expect(progress).toContainText(/config\.json: [\d.]+ (B|kB) \/ [\d.]+ (B|kB) \(100%\)/);
  await expect(progress).toContainText(/tokenizer\.json: [\d.]+ kB \/ [\d.]+ kB \(100%\)/);
  await expect(page.getByTestId('start')).toBeDisabled();
  release();
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(progress).toHaveCount(0);
});

test('a download that keeps failing shows Retry, which loads the model without a page reload', async ({ page, context }) => {
  let down = true;
  const log = await routeTinyModelLogged(context, { abort: (name, method) => down && name === 'model.safetensors' && method === 'GET' });
  await page.goto('./');
  await expect(page.getByTestId('model-error')).toContainText('model.safetensors');
  await expect(page.getByTestId('model-error')).toContainText('3 attempts');
  expect(log.count('model.safetensors')).toBe(3);
  await expect(page.getByTestId('start')).toBeDisabled();
  down = false;
  await page.getByTestId('model-retry').click();
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(page.getByTestId('model-error')).toHaveCount(0);
  expect(log.count('model.safetensors')).toBe(4);
  await expect(page.getByTestId('start')).toBeEnabled();
});

test('each model file is requested once per load, and a reload reads the weights from the Cache API', async ({ page, context }) => {
  const log = await routeTinyModelLogged(context);
  await page.goto('./');
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  for (const name of MODEL_FILES) {
    expect(log.count(name, 'GET'), `GET ${name}`).toBe(1);
    expect(log.count(name, 'HEAD'), `HEAD ${name}`).toBe(1);
  }
  await expect(page.getByTestId('model-from-cache')).toHaveCount(0);
  await expect(page.getByTestId('model-cache')).toContainText(/Model cache: [1-9]/);

  await page.reload();
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(page.getByTestId('model-from-cache')).toContainText('all files from cache');
  // Only HEADs (to check that the cached version is still current) reached the server: no GET.
  for (const name of MODEL_FILES) expect(log.count(name, 'GET'), `GET ${name}`).toBe(1);
  expect(log.count('model.safetensors', 'HEAD')).toBe(2);

  // Clearing the cache keeps the model loaded; the next visit downloads again.
  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByTestId('model-cache')).toContainText('Model cache: 0 B');
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await page.reload();
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  expect(log.count('model.safetensors')).toBe(2);
  await expect(page.getByTestId('model-from-cache')).toHaveCount(0);
});
