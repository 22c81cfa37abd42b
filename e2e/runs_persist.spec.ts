// Runs survive a reload (IndexedDB): a finished run is listed again with its metrics after the page
// reloads, a run stored as training that cannot go on (its data set gone) comes back interrupted
// saying why (e2e/run_reload.spec.ts: one that goes on), and a deleted run stays deleted.
import { expect, test } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

test('runs survive a reload; a run that cannot go on says why; a deleted run stays deleted', async ({ page, context }) => {
  test.setTimeout(180_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  const methods = tinyMethods()
    .slice(0, 1)
    .map((m) => ({ ...m, epochs: 40 }));
  await page.goto(linkFor({ backend: 'wasm', maxLength: 16, methods, seeds: [1] }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('16');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(1, { timeout: 120_000 });
  await expect(page.getByTestId('run-storage')).toContainText('Runs are kept in this browser');
  // The page says when the finished run is stored; a reload after that keeps it.
  await expect(page.getByTestId('run-done')).toHaveAttribute('data-saved', 'yes');

  await page.reload();
  await expect(page.getByTestId('run-done')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('metrics-table').locator('tbody tr')).toHaveCount(1);

  // A run stored as training whose data set is no longer stored (as a browser clearing part of the
  // site's data leaves it) cannot go on after the reload: it comes back interrupted saying why, its
  // curve kept (e2e/run_reload.spec.ts follows a run that goes on).
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok) => {
      const r = indexedDB.open('blora-lab-runs');
      r.onsuccess = () => ok(r.result);
    });
    const runs = db.transaction('runs', 'readwrite').objectStore('runs');
    const done = await new Promise<Record<string, unknown>>((ok) => {
      const r = runs.getAll();
      r.onsuccess = () => ok(r.result[0]);
    });
    const inputs = { options: { maxLength: 16, evalEverySteps: 0 }, datasetHash: '00000000', sizes: { train: 16, validation: 16, test: 16, ood: 0 } };
    const stopped = {
      ...done,
      id: 'stopped',
      createdAt: Number(done.createdAt) + 1,
      status: 'running',
      result: undefined,
      inputs,
      loss: [{ step: 1, loss: 0.7 }],
    };
    await new Promise((ok) => {
      runs.put(stopped).onsuccess = ok;
    });
    db.close();
  });
  await page.reload();
  await expect(page.getByTestId('run-interrupted')).toContainText(
    /Interrupted.*cannot resume because its data set \(".*"\) is no longer stored in this browser/,
    {
      timeout: 30_000,
    },
  );
  await expect(page.getByTestId('run-interrupted')).toHaveAttribute('data-last-step', '1');

  await page.getByTestId('run-interrupted').getByTestId('delete-run').click();
  await page.getByTestId('run-done').getByTestId('delete-run').click();
  await expect(page.getByTestId('delete-run')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(page.getByTestId('run-done')).toHaveCount(0);
  await expect(page.getByTestId('run-interrupted')).toHaveCount(0);
  expect(errors).toEqual([]);
});
