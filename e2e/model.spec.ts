import { expect, test } from '@playwright/test';
import { routeTinyModel } from './helpers';

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
