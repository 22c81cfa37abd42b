import { expect, test } from '@playwright/test';
import { methodDefaults } from '../src/methods/settings';
import { linkFor, routeTinyModel } from './helpers';

// 64 training examples in batches of 32: 2 steps per epoch; SWAG over epochs 2–3, one collection per epoch: 2 collections.
const swag = { ...methodDefaults('b-lora-xs'), r: 2, epochs: 4, swagStart: 2, batch: 32, K: 2, S: 2, targets: ['query', 'value'] as ['query', 'value'] };
const runOptions = { custom: 1 as const, maxSteps: 0, maxExamples: 64, evalEverySteps: 0, kSweep: 0 as const, checkpointEverySteps: 50 };

test('an impossible SWAG schedule is refused beside K in the page’s words, and Start says why until it is fixed', async ({ page, context }, testInfo) => {
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'cpu', maxLength: 32, methods: [swag], seeds: [0], runOptions }));
  const start = page.getByTestId('start');
  await expect(start).toBeEnabled({ timeout: 60_000 });
  const card = page.getByTestId('method-b-lora-xs');

  await card.getByLabel('K (deviation rows)').fill('4');
  const beside = card.getByRole('alert').filter({ hasText: 'fewer than K = 4 deviation rows' });
  await expect(beside).toContainText('makes 2 collections');
  await expect(beside).toContainText('lower “K (deviation rows)” or collect more often (“Collect every (steps, 0 = epoch)”)');
  await expect(beside).not.toContainText('--');
  await expect(start).toBeDisabled();
  const blocker = page.getByTestId('start-blocker');
  await expect(blocker).toContainText('Fix the settings first. B-LoRA-XS (SWAG on R), method b-lora-xs: “K (deviation rows)”: 4 epochs');
  await expect(start).toHaveAttribute('title', /fewer than K = 4 deviation rows/);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('impossible-swag.png'), fullPage: true });

  // Collecting every step: 4 SWAG-phase steps give 4 collections, enough for K = 4.
  await card.getByLabel('Collect every (steps, 0 = epoch)', { exact: true }).fill('1');
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect(start).toBeEnabled();
  await expect(start).not.toHaveAttribute('title', /./);
  await expect(blocker).toHaveCount(0);

  // The seeds box beside Start counts too: a repeated seed turns Start off until it is fixed.
  await page.getByTestId('seeds').fill('1, 1');
  await expect(start).toBeDisabled();
  await expect(blocker).toHaveText('Fix the seeds first: each seed once.');
  await page.getByTestId('seeds').fill('1, 2');
  await expect(start).toBeEnabled();
});
