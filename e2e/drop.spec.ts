import { expect, test, type Page } from '@playwright/test';
import { gzipSync } from 'fflate';
import { linkFor, routeTinyModel, tinyMethods } from './helpers';

async function dropFile(page: Page, name: string, content: string) {
  const dt = await page.evaluateHandle(
    ([n, c]) => {
      const d = new DataTransfer();
      d.items.add(new File([c], n, { type: 'text/csv' }));
      return d;
    },
    [name, content] as const,
  );
  await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
}

async function dropBytes(page: Page, name: string, bytes: number[]) {
  const dt = await page.evaluateHandle(
    ([n, b]) => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(b)], n, { type: 'application/gzip' }));
      return d;
    },
    [name, bytes] as const,
  );
  await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
}

test('a gzipped CSV is read in the page, and a suspicious label is warned about before use', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  const rows = Array.from({ length: 30 }, (_, i) => `review number ${i},${i === 7 ? 'NaN' : i % 2 ? 'pos' : 'neg'}`).join('\n');
  await dropBytes(page, 'reviews.csv.gz', [...gzipSync(new TextEncoder().encode(`review,sentiment\n${rows}\n`))]);
  await expect(page.getByTestId('import-editor')).toBeVisible();
  await expect(page.getByTestId('data-preview')).toContainText('review number 0');
  const warnings = page.getByTestId('data-warnings');
  await expect(warnings).toContainText('The label "NaN" in column "sentiment" looks like a missing value; 1 row');
});

test('"Quotes are text" reaches the parser: a quoted comma then splits the field', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await page.getByLabel('Quotes are text').check();
  await dropFile(page, 'quoted.csv', 'text,label\n"good, very good",1\nbad,0\nok,1\n');
  const err = page.getByTestId('dataset-error');
  await expect(err).toHaveAttribute('data-code', 'RAGGED_ROW');
  await expect(err).toContainText('line 2 has 3 fields');
});

test('a CSV with ragged rows shows an error and keeps the data set in use', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await dropFile(page, 'ragged.csv', 'text,label\ngood food,1\nbad, very bad,0,extra\nok,1\n');
  const err = page.getByTestId('dataset-error');
  await expect(err).toBeVisible();
  await expect(err).toHaveAttribute('data-code', /RAGGED_ROW|WRONG_DELIMITER/);
  await expect(err).toContainText('ragged.csv');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await expect(page.getByTestId('dataset-current')).toContainText('train 2785');
  await expect(page.getByTestId('import-editor')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('bad-drop.png') });
});

test('a good CSV can be previewed, mapped, split and used', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  const rows = Array.from({ length: 60 }, (_, i) => `"review, number ${i}",${i % 3 === 0 ? 'neg' : 'pos'}`).join('\n');
  await dropFile(page, 'reviews.csv', `review,sentiment\n${rows}\n`);
  await expect(page.getByTestId('import-editor')).toBeVisible();
  await expect(page.getByTestId('data-preview')).toContainText('review, number 0');
  await expect(page.getByTestId('label-mapping')).toContainText('neg');
  await page.screenshot({ path: testInfo.outputPath('import-editor.png') });
  await page.getByRole('button', { name: 'Use this data set' }).click();
  await expect(page.getByTestId('dataset-current')).toContainText('reviews.csv');
  await expect(page.getByTestId('dataset-current')).toContainText('classes: neg, pos');
  await expect(page.getByTestId('stored-datasets')).toContainText('reviews.csv');
  await expect.poll(() => page.url()).toContain('#s=');
});

test('a dropped CSV with its own column names is mapped and trained on (CPU backend)', async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'cpu', maxLength: 16, methods: tinyMethods().slice(0, 1), seeds: [1] }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  // Column names the mapper must be told about: "opinion" holds the text, "verdict" the label.
  const rows = Array.from({ length: 80 }, (_, i) => `${i},"${i % 2 ? 'hello' : 'world'} the cafe ${i}",${i % 2 ? 'yes' : 'no'}`).join('\n');
  await dropFile(page, 'opinions.csv', `id,opinion,verdict\n${rows}\n`);
  await expect(page.getByTestId('import-editor')).toBeVisible();
  await page.getByLabel('Text column').selectOption('opinion');
  await page.getByLabel('Label column').selectOption('verdict');
  await expect(page.getByTestId('label-mapping')).toContainText('yes');
  await page.getByRole('button', { name: 'Use this data set' }).click();
  await expect(page.getByTestId('dataset-current')).toContainText('classes: no, yes');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(1, { timeout: 180_000 });
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.getByTestId('metrics-table').locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('trained-on-dropped.png'), fullPage: true });
});

test('a link naming a local data set this browser does not have says so and asks for the file', async ({ page }) => {
  await page.goto(linkFor({ dataset: { kind: 'local', hash: 'a'.repeat(64), name: 'their-data.csv' } }));
  const err = page.getByTestId('dataset-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText('their-data.csv');
  await expect(err).toContainText('Drop the file again');
});
