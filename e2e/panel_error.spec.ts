// A render error stays in its panel: a stored run from an older page (its result has no adapter
// list, which the export part of the results panel reads) breaks only the results panel, which
// says so; the rest of the page keeps working, and deleting the run brings the panel back.
import { expect, test } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

test('a panel that fails to render shows its error; the others keep working', async ({ page, context }) => {
  collectPageErrors(page);
  await routeTinyModel(context);
  const link = linkFor({ backend: 'wasm', maxLength: 16, methods: tinyMethods().slice(0, 1), seeds: [1] });
  await page.goto(link);
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.evaluate(async (method) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('blora-lab-runs');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const n = 8;
    const probs = new Float32Array(2 * n).map((_, i) => (i % 2 ? 0.7 : 0.3));
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    const result = {
      runId: 'old-run',
      method,
      nClasses: 2,
      trainableParams: 1,
      posteriorParams: 0,
      test: { probs, labels, entropy: new Float32Array(n), mutualInfo: new Float32Array(n) },
      wallSeconds: 1,
    };
    const record = { id: 'old-run', createdAt: 1, method, status: 'done', loss: [], evals: [], result };
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('runs', 'readwrite');
      tx.objectStore('runs').put(record);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, tinyMethods()[0]);
  await page.reload();
  const failed = page.getByTestId('panel-error');
  await expect(failed).toHaveCount(1, { timeout: 30_000 });
  await expect(failed).toHaveAttribute('data-panel', 'results');
  await expect(failed).toContainText('The results panel failed');
  // The other panels still work: the run list shows the stored run, settings can still be edited.
  await expect(page.getByTestId('run-done')).toHaveCount(1);
  await page.getByLabel('Max token length').fill('24');
  await expect(page.getByLabel('Max token length')).toHaveValue('24');
  await page.getByTestId('run-done').getByTestId('delete-run').click();
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('panel-error')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
});
