import { expect, test } from '@playwright/test';

test('a ragged file offers "Skip bad rows", then loads with the dropped rows counted and located', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  const lines = ['text,label', ...Array.from({ length: 20 }, (_, i) => `review ${i},${i % 2}`)];
  lines.splice(2, 0, 'bad, very bad,0'); // line 3
  lines.splice(5, 0, 'no label at all'); // line 6
  const dt = await page.evaluateHandle(
    (c) => {
      const d = new DataTransfer();
      d.items.add(new File([c], 'ragged.csv', { type: 'text/csv' }));
      return d;
    },
    `${lines.join('\n')}\n`,
  );
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });

  const err = page.getByTestId('dataset-error');
  await expect(err).toHaveAttribute('data-code', 'RAGGED_ROW');
  await expect(err).toContainText('turn on "skip bad rows"');
  // The control the message names is on the page, and the error offers it in one click.
  await expect(page.getByLabel(/^Skip bad rows/)).toBeVisible();
  await page.getByTestId('dataset-error-action').click();
  await expect(page.getByTestId('import-skipped')).toHaveText('Skipped 2 bad rows: “ragged.csv” lines 3, 6 (line 3 has 3 fields, but the header has 2).');
  await page.getByRole('button', { name: 'Use this data set' }).click();
  await expect(page.getByTestId('dataset-current')).toContainText('ragged.csv');
  await expect(page.getByTestId('dataset-skipped')).toContainText('Skipped 2 bad rows: “ragged.csv” lines 3, 6');
  await page.screenshot({ path: testInfo.outputPath('skipped-rows.png') });
});
