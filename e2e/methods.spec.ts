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
