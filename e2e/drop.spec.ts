import { expect, test, type Page } from '@playwright/test';

async function dropFile(page: Page, name: string, content: string) {
  const dt = await page.evaluateHandle(([n, c]) => {
    const d = new DataTransfer();
    d.items.add(new File([c], n, { type: 'text/csv' }));
    return d;
  }, [name, content] as const);
  await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: dt });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
}

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
