// Honest comparisons (issue 13): the metrics table names each run's data set and model, filters by
// them, shows 95 % bootstrap intervals beside ACC, ECE, NLL and Brier with the rule for "best", and
// a renamed run keeps its name in the table, the run list and the legends after a reload.
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const FINE_FOODS = 'Amazon Fine Food reviews';
const SPAM = 'SpamAssassin e-mail';

/** One tiny LoRA-XS run on a built-in data set (16 examples), added to the runs already stored. */
async function trainOn(page: Page, dataset: string, runsBefore: number) {
  await page.goto(linkFor({ backend: 'wasm', maxLength: 16, methods: tinyMethods().slice(0, 1), seeds: [1], dataset: { kind: 'builtin', id: dataset } }));
  // A link that differs only in its hash does not load a page: load it afresh, as a visitor would.
  if (runsBefore > 0) await page.reload();
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(page.getByTestId('run-done')).toHaveCount(runsBefore, { timeout: 30_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('16');
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(runsBefore + 1, { timeout: 120_000 });
}

test('data set and model columns, filters, intervals, and a rename that survives a reload', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await trainOn(page, 'fine-foods', 0);

  const table = page.getByTestId('metrics-table');
  const rows = table.locator('tbody tr:not(.group-row)');
  await expect(table.locator('thead')).toContainText('Data set');
  await expect(table.locator('thead')).toContainText('Model');
  await expect(rows.first().getByTestId('cell-dataset')).toContainText(FINE_FOODS);
  await expect(rows.first().getByTestId('cell-model')).not.toHaveText('—');

  // ACC, ECE, NLL and Brier each carry an interval, with its meaning in the tooltip and the rule below.
  const cis = rows.first().getByTestId('ci');
  await expect(cis).toHaveCount(4);
  for (const t of await cis.allTextContents()) expect(t.trim()).toMatch(/^\[\d+\.\d{3}, \d+\.\d{3}\]$/);
  await expect(rows.first().locator('td[title*="95 % bootstrap interval"]')).toHaveCount(4);
  await expect(page.getByTestId('best-rule')).toContainText("does not overlap the runner-up's");
  // A single run has no runner-up: nothing is best.
  await expect(table.locator('td.best')).toHaveCount(0);

  // Rename: shown in the table and the run list at once, and after a reload.
  await rows.first().getByTestId('rename-run').click();
  await page.getByTestId('rename-input').fill('food, rank 2');
  await page.getByTestId('rename-input').press('Enter');
  await expect(rows.first().getByTestId('run-name')).toHaveText('food, rank 2');
  await expect(page.getByTestId('run-done')).toContainText('food, rank 2');

  // A second run on another data set: both listed, each with its data set; the filter hides the other.
  await trainOn(page, 'spam-assassin', 1);
  await expect(rows).toHaveCount(2);
  await expect(table.getByTestId('metrics-group')).toHaveCount(2);
  await expect(table).toContainText('compared within this group only');
  await expect(rows.filter({ hasText: 'food, rank 2' }).getByTestId('cell-dataset')).toContainText(FINE_FOODS);
  await expect(rows.filter({ hasText: SPAM })).toHaveCount(1);
  await expect(table.locator('td.best')).toHaveCount(0); // one run per (data set, model): no comparison
  const datasetFilter = page.getByTestId('filter-dataset');
  await datasetFilter.selectOption({ label: (await datasetFilter.locator('option', { hasText: SPAM }).textContent())! });
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('cell-dataset')).toContainText(SPAM);
  await datasetFilter.selectOption({ label: 'all data sets' });
  await expect(rows).toHaveCount(2);
  await page.getByTestId('best-rule').scrollIntoViewIfNeeded();
  await page.getByTestId('metrics-table').screenshot({ path: testInfo.outputPath('compare-table.png') });

  await page.reload();
  await expect(page.getByTestId('run-done')).toHaveCount(2, { timeout: 30_000 });
  await expect(rows.filter({ hasText: 'food, rank 2' })).toHaveCount(1);
  await expect(page.getByTestId('run-done').filter({ hasText: 'food, rank 2' })).toHaveCount(1);
  await expect(page.getByTestId('chart-loss')).toContainText('food, rank 2');

  // A blank name goes back to the default label.
  await rows.filter({ hasText: 'food, rank 2' }).getByTestId('rename-run').click();
  await page.getByTestId('rename-input').fill('');
  await page.getByTestId('rename-input').press('Enter');
  await expect(table).not.toContainText('food, rank 2');
  await expect(rows.first().getByTestId('run-name')).toContainText('· s1');
  expect(errors).toEqual([]);
});
