// Issue 22, watched in Chromium: a run trained on one data set (Fine Foods: other / great) is
// exported after another (SpamAssassin: ham / spam) was loaded and trained on. Its predictions CSV
// and its model folder's config.json name other / great, and the two runs' labels differ in the run
// list, "Details for", Compare and the legends (each names its data set); renaming one to the
// other's label is refused.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const FOOD = 'Amazon Fine Food reviews';
const SPAM = 'SpamAssassin e-mail';

test("a run's exports keep its own class names after another data set is loaded; labels tell the runs apart", async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'wasm', maxLength: 16, methods: tinyMethods().slice(0, 1), seeds: [1], dataset: { kind: 'builtin', id: 'fine-foods' } }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('16');
  const train = async (done: number) => {
    await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('start').click();
    await expect(page.getByTestId('run-done')).toHaveCount(done, { timeout: 120_000 });
  };
  await train(1);

  // Another data set, with other class names, and the same method and seed trained on it.
  await page.getByTestId('builtin-select').selectOption('spam-assassin');
  await expect(page).toHaveTitle(new RegExp(SPAM), { timeout: 60_000 });
  await train(2);

  // Two labels, each naming its data set, the same in the run list, "Details for", Compare and the loss legend.
  const details = page.getByLabel('Details for');
  const options = await details.locator('option').allTextContents();
  expect(options).toHaveLength(2);
  expect(new Set(options).size).toBe(2);
  const foodLabel = options.find((o) => o.includes(FOOD))!;
  expect(foodLabel).toBeTruthy();
  expect(options.find((o) => o.includes(SPAM))).toBeTruthy();
  for (const label of options) {
    await expect(page.getByTestId('run-done').filter({ hasText: label })).toHaveCount(1);
    await expect(page.getByRole('group', { name: 'Runs to compare' }).locator('label:has(input[type=checkbox])', { hasText: label })).toHaveCount(1);
    await expect(page.getByTestId('chart-loss')).toContainText(label);
  }

  // A rename to the other run's label is refused with the reason; the run keeps its label.
  const spamRow = page
    .getByTestId('metrics-table')
    .locator('tbody tr', { hasText: SPAM })
    .filter({ has: page.getByTestId('rename-run') });
  await spamRow.getByTestId('rename-run').click();
  await page.getByTestId('rename-input').fill(foodLabel.toUpperCase());
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId('rename-error')).toContainText('Another run is already called');
  await page.getByTestId('rename-input').press('Escape');
  await expect(details.locator('option')).toHaveText(options);

  // The first run, exported now that SpamAssassin is loaded: its own classes.
  await details.selectOption({ label: foodLabel });
  await expect(page.getByTestId('export-run-data')).toContainText('classes in label order: 0 = other, 1 = great');
  await page.getByTestId('run-done').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('run-classes.png'), fullPage: true });

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Predictions CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^predictions-lora-xs-r-2-s1-amazon-fine-food.*\.csv$/);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.split('\n')[0]).toMatch(/,p_other,p_great$/);
  expect(text).not.toMatch(/\b(ham|spam)\b/);

  const [zipped] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Merged model folder (zip)' }).click()]);
  const files = unzipSync(new Uint8Array(readFileSync((await zipped.path())!)));
  const folder = zipped.suggestedFilename().replace(/\.zip$/, '');
  const config = JSON.parse(strFromU8(files[`${folder}/config.json`]));
  expect(config.id2label).toEqual({ 0: 'other', 1: 'great' });
  expect(config.label2id).toEqual({ other: 0, great: 1 });
  expect(errors).toEqual([]);
});
