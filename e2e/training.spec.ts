// Trains two tiny methods (LoRA-XS and B-LoRA-XS) end to end in the page, once on each backend,
// and checks that every results chart renders. The embedded model is swapped for the 2-layer,
// width-32 test fixture so a run takes seconds on SwiftShader.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const CHARTS = [
  'chart-loss',
  'chart-validation',
  'chart-reliability',
  'chart-ood-entropy',
  'chart-ood-mi',
  'chart-spectrum',
  'chart-k-sweep',
  'chart-compare-side',
  'chart-compare-overlay',
];

async function trainTiny(page: Page, backend: 'wasm' | 'webgpu') {
  await page.goto(linkFor({ backend, maxLength: 32, methods: tinyMethods(), seeds: [1] }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', backend === 'wasm' ? 'cpu' : backend, { timeout: 60_000 });
  await expect(page.getByTestId('dataset-current')).toContainText('train 2785');
  if (backend === 'wasm') {
    // The page is cross-origin isolated and the trainer is a worker, so the kernels run on threads.
    await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-cpu-kernels', 'wasm-simd');
    await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-threads', String(Math.min(8, availableParallelism())));
    await expect(page.getByTestId('quick-note')).toContainText('capped at 512 examples');
  }
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('24');
  await page.getByTestId('k-sweep').check();
  await page.getByLabel('Evaluate every (steps, 0 = epoch)').fill('2');
  await expect(page.getByTestId('start')).toBeEnabled();
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(2, { timeout: 240_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);
}

async function expectCharts(page: Page) {
  const table = page.getByTestId('metrics-table');
  // LoRA-XS, B-LoRA-XS, and B-LoRA-XS's last iterate (the point estimate on the same schedule).
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table).toContainText('last iterate (same schedule, no posterior)');
  await expect(page.getByTestId('posterior-stats')).toContainText('effective rank');
  // Intervals beside ACC, ECE, NLL and Brier of every row; "best" only where they separate (24 test examples rarely do).
  await expect(table.locator('tbody tr').first().getByTestId('ci')).toHaveCount(4);
  await expect(page.getByTestId('best-rule')).toContainText("does not overlap the runner-up's");
  for (const box of await page.getByRole('group', { name: 'Runs to compare' }).getByRole('checkbox').all()) await box.check();
  for (const id of CHARTS) {
    await expect(page.getByTestId(id).locator('svg.recharts-surface').first(), id).toBeVisible();
  }
  // Reliability bars: one bar or greyed bin per bin (15 by default), with counts printed.
  await expect(page.getByTestId('chart-reliability').locator('[data-bins="15"]').first()).toBeVisible();
  await expect(page.getByTestId('param-counts').locator('tbody tr')).toHaveCount(2);
}

/** Clicks a button and returns the downloaded file's bytes. */
async function download(page: Page, button: Locator): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync((await d.path())!);
}

async function expectExports(page: Page) {
  const csv = (await download(page, page.getByRole('button', { name: 'Metrics CSV' }))).toString('utf8');
  expect(csv.split('\n')[0]).toContain('run_id,method,dataset,dataset_id,classes,acc,ece,mce,ace,nll,brier,mcc');
  expect(csv.trim().split('\n')).toHaveLength(4);
  const json = JSON.parse((await download(page, page.getByRole('button', { name: 'Metrics JSON' }))).toString('utf8'));
  expect(json.runs).toHaveLength(3);
  const preds = (await download(page, page.getByRole('button', { name: 'Predictions CSV' }))).toString('utf8');
  expect(preds.split('\n')[0]).toBe('index,label,predicted,confidence,correct,entropy,mutual_info,p_other,p_great');
  const st = await download(page, page.getByRole('button', { name: 'Adapters (safetensors)' }));
  expect(JSON.parse(st.subarray(8, 8 + Number(st.readBigUInt64LE(0))).toString('utf8'))).toHaveProperty('__metadata__');
  const zip = await download(page, page.getByRole('button', { name: 'PEFT LoRA (zip)' }));
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(zip.toString('latin1')).toContain('adapter_config.json');
  const svg = (await download(page, page.getByRole('button', { name: /Export Reliability — .* as SVG/ }))).toString('utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('recharts-surface');
  const png = await download(page, page.getByRole('button', { name: 'Export Training loss as PNG' }));
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(2000);
  await expectPosteriorExport(page);
}

/** B-LoRA-XS's posterior zip (the file, the numpy script, a README); LoRA-XS has none, and the button says why. */
async function expectPosteriorExport(page: Page) {
  const details = page.getByLabel('Details for');
  const options = await details.locator('option').allTextContents();
  const button = page.getByRole('button', { name: 'Posterior (safetensors + script)' });
  await details.selectOption({ label: options.find((o) => o.startsWith('LoRA-XS'))! });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('title', /LoRA-XS has no posterior to export: it is one trained model/);
  await details.selectOption({ label: options.find((o) => o.startsWith('B-LoRA-XS'))! });
  const files = unzipSync(new Uint8Array(await download(page, button)));
  const names = Object.keys(files).sort();
  expect(names.map((n) => n.split('/')[1])).toEqual(['README.md', 'posterior.safetensors', 'sample_posterior.py']);
  const st = Buffer.from(files[names[1]]);
  const header = JSON.parse(st.subarray(8, 8 + Number(st.readBigUInt64LE(0))).toString('utf8'));
  const posterior = JSON.parse(header.__metadata__.posterior);
  expect(posterior).toMatchObject({ method: 'swag', run_method: 'b-lora-xs', K: 2, S: 2, adapter: 'lora-xs' });
  expect(posterior.layout).toHaveLength(2 * 2);
  expect(header).toHaveProperty(['swag.deviations']);
  expect(Buffer.from(files[names[2]]).toString('utf8')).toContain('def philox4x32');
}

test('trains tiny methods on the WebAssembly CPU backend and renders every chart', async ({ page, context, browser }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await trainTiny(page, 'wasm');
  await expectCharts(page);
  await expectExports(page);
  await page.screenshot({ path: testInfo.outputPath('trained-cpu.png'), fullPage: true });
  await page.getByRole('heading', { name: 'Results' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.getElementById('results-h')?.scrollIntoView());
  await page.screenshot({ path: testInfo.outputPath('results-1280x720.png') });
  await page.getByTestId('chart-reliability').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('reliability-1280x720.png') });

  // The share link carries the results: a fresh browser shows them without training.
  await page.getByTestId('share').click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('&r=');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('link-warnings')).toHaveCount(0);
  await expect(other.getByTestId('metrics-table').locator('tbody tr')).toHaveCount(2);
  await expect(other.getByTestId('metrics-table')).toContainText('(from link)');
  await expect(other.getByTestId('chart-shared').locator('svg.recharts-surface')).toHaveCount(2);
  await other.getByTestId('chart-shared').scrollIntoViewIfNeeded();
  await other.screenshot({ path: testInfo.outputPath('shared-results.png') });
  await fresh.close();
  expect(errors).toEqual([]);
});

test('trains tiny methods on the WebGPU backend and renders every chart', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await trainTiny(page, 'webgpu');
  await expect(page.getByTestId('gpu-badge')).toContainText('WebGPU');
  await expectCharts(page);
  await page.getByLabel('Colour theme').selectOption('dark');
  await page.screenshot({ path: testInfo.outputPath('trained-webgpu-dark.png'), fullPage: true });
  for (const id of ['chart-reliability', 'chart-ood-entropy', 'chart-compare-side']) {
    await page.getByTestId(id).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${id}-dark-1280x720.png`) });
  }
  expect(errors).toEqual([]);
});
