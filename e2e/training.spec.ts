// Trains two tiny methods (LoRA-XS and B-LoRA-XS) end to end in the page, once on each backend,
// and checks that every results chart renders. The embedded model is swapped for the 2-layer,
// width-32 test fixture so a run takes seconds on SwiftShader.
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const CHARTS = ['chart-loss', 'chart-validation', 'chart-reliability', 'chart-ood-entropy', 'chart-ood-mi', 'chart-spectrum', 'chart-compare-side', 'chart-compare-overlay'];

async function trainTiny(page: Page, backend: 'cpu' | 'webgpu') {
  await page.goto(linkFor({ backend, maxLength: 32, methods: tinyMethods(), seeds: [1] }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', backend, { timeout: 60_000 });
  await expect(page.getByTestId('dataset-current')).toContainText('train 2785');
  await page.getByText('Run options (quick runs)').click();
  await page.getByTestId('max-examples').fill('24');
  await page.getByLabel('Evaluate every (steps, 0 = epoch)').fill('2');
  await expect(page.getByTestId('start')).toBeEnabled();
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(2, { timeout: 240_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);
}

async function expectCharts(page: Page) {
  const table = page.getByTestId('metrics-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('td.best').first()).toBeVisible();
  for (const box of await page.getByRole('group', { name: 'Runs to compare' }).getByRole('checkbox').all()) await box.check();
  for (const id of CHARTS) {
    await expect(page.getByTestId(id).locator('svg.recharts-surface').first(), id).toBeVisible();
  }
  // Reliability bars: one bar or greyed bin per bin (15 by default), with counts printed.
  await expect(page.getByTestId('chart-reliability').locator('[data-bins="15"]').first()).toBeVisible();
  await expect(page.getByTestId('param-counts').locator('tbody tr')).toHaveCount(2);
}

test('trains tiny methods on the CPU backend and renders every chart', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await trainTiny(page, 'cpu');
  await expectCharts(page);
  await page.screenshot({ path: testInfo.outputPath('trained-cpu.png'), fullPage: true });
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
  expect(errors).toEqual([]);
});
