// A run on the WebGPU backend (SwiftShader) survives a lost device: mid-training the test hook
// (?test-hooks → window.__bloraTest.loseDevice, a 'lose-device' message to the worker) destroys the
// worker's GPUDevice; the run must resume from its last checkpoint on a new device (or the CPU
// backend), finish with every optimizer step, and say so with the run.
import { expect, test } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

test('a GPU device lost mid-run resumes from its checkpoint and finishes every step, with a note', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  const bLoraXs = tinyMethods()[1];
  await page.goto(linkFor({ backend: 'webgpu', maxLength: 32, methods: [bLoraXs], seeds: [1] }).replace('./#', './?test-hooks#'));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  // 24 examples, batch 8, 2 epochs: 6 steps, a checkpoint every 2.
  await page.getByTestId('max-examples').fill('24');
  await page.getByTestId('checkpoint-every').fill('2');
  await expect(page.getByTestId('start')).toBeEnabled();
  await page.getByTestId('start').click();
  const run = page.getByTestId('run-running');
  await expect(run).toHaveAttribute('data-last-step', /^[3-5]$/, { timeout: 180_000 });
  const lostAt = Number(await run.getAttribute('data-last-step'));
  await page.evaluate(() => (window as unknown as { __bloraTest: { loseDevice(): void } }).__bloraTest.loseDevice());
  await expect(page.getByTestId('run-resumed')).toContainText(/the GPU device was lost at step \d.*resumed from its checkpoint at step [24]/, {
    timeout: 60_000,
  });
  await page.screenshot({ path: testInfo.outputPath('resumed.png'), fullPage: true });
  const done = page.getByTestId('run-done');
  await expect(done).toHaveCount(1, { timeout: 240_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(done).toHaveAttribute('data-last-step', '6');
  await expect(done.getByTestId('run-note')).toContainText(
    /the GPU device was lost at step \d \(.*\); the run resumed from its checkpoint at step [24] on (a new GPU device|the CPU backend)/,
  );
  await expect(page.getByTestId('metrics-table').locator('tbody tr')).toHaveCount(2);
  console.log(`lost at step ${lostAt}: ${await done.getByTestId('run-note').textContent()}`);
  expect(errors).toEqual([]);
});
