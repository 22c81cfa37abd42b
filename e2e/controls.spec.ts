import { expect, test } from '@playwright/test';
import { linkFor, routeTinyModel, tinyMethods } from './helpers';

// Runs on the WebGPU backend: on the CPU backend every await in the training loop resolves as a
// microtask, so the worker never reads 'pause'/'cancel' until the run ends (reported to the trainer).
test('pause holds a run; cancel stops it and drops the queued one', async ({ page, context }) => {
  test.setTimeout(180_000);
  await routeTinyModel(context);
  const methods = tinyMethods().map((m) => ({ ...m, epochs: 20 }));
  await page.goto(linkFor({ backend: 'webgpu', maxLength: 32, methods, seeds: [1] }));
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('64');
  await page.getByTestId('start').click();
  const bar = page.getByRole('progressbar').first();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 90_000 }).toBeGreaterThan(0);
  // The ETA covers the whole run, and the queue's ETA the queued run too, from measured rates.
  await expect(page.getByTestId('progress').first()).toContainText(/ETA \d/);
  await expect(page.getByTestId('queue-eta')).toHaveText(/^1 more run queued · all done in about \d/);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('run-paused')).toHaveCount(1);
  // Paused: the step count stops moving (one step in flight may still land).
  await page.waitForTimeout(800);
  const held = await page.getByTestId('progress').first().textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('progress').first()).toHaveText(held!);
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('run-running')).toHaveCount(1);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('run-cancelled')).toHaveCount(2);
  await expect(page.getByTestId('run-done')).toHaveCount(0);
  await expect(page.getByTestId('start')).toBeEnabled();
});
