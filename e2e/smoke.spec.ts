import { expect, test } from '@playwright/test';
import { collectPageErrors } from './helpers';

test('the page opens with the default data set and model', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'B-LoRA-XS calibration lab' })).toBeVisible();
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await expect(page.getByTestId('dataset-current')).toContainText('train 2785');
  await expect(page.getByTestId('model-current')).toContainText('blora-tiny-uncased');
  // 'auto' on a machine with only a software adapter (SwiftShader) takes the WebAssembly CPU backend.
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-cpu-kernels', 'wasm-simd', { timeout: 60_000 });
  await expect(page.getByTestId('gpu-badge')).toContainText('WebAssembly SIMD');
  // Only the CPU backend: a first visit starts from the quick comparison preset, and says so.
  await expect(page.getByTestId('cpu-quick-note')).toContainText('Only the CPU backend is available');
  await expect(page.locator('fieldset.method-card')).toHaveCount(1);
  await expect(page.getByTestId('link-warnings')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('home-light.png') });
  await page.getByLabel('Colour theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: testInfo.outputPath('home-dark.png') });
  expect(errors).toEqual([]);
});
