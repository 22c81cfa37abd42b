import { expect, test } from '@playwright/test';
import { parseHash } from '../src/state/url_codec';
import { linkFor, routeTinyModel, tinyMethods } from './helpers';

test('impossible method settings are refused with a message before training', async ({ page, context }, testInfo) => {
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'cpu', maxLength: 32, methods: tinyMethods() }));
  await expect(page.getByTestId('model-current')).toContainText('hidden 32');
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
  const card = page.getByTestId('method-b-lora-xs');

  await card.getByLabel('Rank r').fill('33');
  await expect(card.getByRole('alert').filter({ hasText: 'exceeds the weight rank' })).toBeVisible();
  await expect(page.getByTestId('start')).toBeDisabled();
  await card.getByLabel('Rank r').fill('2');

  await card.getByLabel('K (deviation rows)').fill('-1');
  await expect(card.getByRole('alert').filter({ hasText: 'K must be' })).toBeVisible();
  await card.getByLabel('c (sampling scale)').fill('-0.5');
  await expect(card.getByRole('alert').filter({ hasText: 'cannot be negative' })).toBeVisible();
  await card.getByLabel('Adapter lr').fill('0');
  await expect(card.getByRole('alert').filter({ hasText: 'learning rate must be positive' })).toBeVisible();
  await expect(page.getByTestId('start')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('invalid-method.png') });
  // The link never carries the refused values: it still holds the last valid ones.
  await page.waitForTimeout(600); // URL sync is debounced (250 ms)
  const inLink = parseHash(new URL(page.url()).hash).state.methods.find((m) => m.id === 'b-lora-xs')!;
  expect(inLink).toMatchObject({ K: 2, c: 0.5, lrAdapter: 0.001, r: 2 });

  await card.getByLabel('K (deviation rows)').fill('2');
  await card.getByLabel('c (sampling scale)').fill('0.5');
  await card.getByLabel('Adapter lr').fill('0.001');
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('start')).toBeEnabled();
});

test('a preset sets the reference schedule, the seeds and the run options, and the link carries them', async ({ page, context }) => {
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'cpu', maxLength: 32, methods: tinyMethods() }));
  await page.getByTestId('preset').selectOption('headline');
  await expect(page.getByTestId('preset-about')).toContainText('same schedule');
  await page.getByTestId('apply-preset').click();
  await expect(page.locator('fieldset.method-card')).toHaveCount(1);
  await expect(page.getByTestId('b-lora-xs-epochs')).toHaveValue('16');
  await expect(page.getByTestId('b-lora-xs-swagStart')).toHaveValue('4');
  await expect(page.getByTestId('b-lora-xs-swagLr')).toHaveValue('0.005');
  await expect(page.getByTestId('b-lora-xs-c')).toHaveValue('2');
  await page.waitForTimeout(600); // URL sync is debounced (250 ms)
  const s = parseHash(new URL(page.url()).hash).state;
  expect(s.seeds).toEqual([0, 1, 2, 3, 4, 5]);
  expect(s.runOptions).toMatchObject({ custom: 1, maxExamples: 1000 });
  expect(s.methods[0]).toMatchObject({ kind: 'b-lora-xs', K: 10, epochs: 16, swagStart: 4, swagAnnealEpochs: 5, lrAdapter: 0.02, lrHead: 0.01 });
});

test('the seed control sets the seeds the link carries, and refuses a bad list with a message', async ({ page, context }) => {
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'cpu', maxLength: 32, methods: tinyMethods() }));
  const seeds = page.getByTestId('seeds');
  await seeds.fill('3, 1, 3');
  await expect(page.getByRole('alert').filter({ hasText: 'each seed once' })).toBeVisible();
  await seeds.fill('3, 1, 4');
  await page.waitForTimeout(600); // URL sync is debounced (250 ms)
  expect(parseHash(new URL(page.url()).hash).state.seeds).toEqual([3, 1, 4]);
});
