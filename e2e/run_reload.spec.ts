// A run reloaded mid-training goes on from its last checkpoint (kept in IndexedDB) when the page
// opens again: it says so with the run, finishes every step, and its loss curve continues from the
// checkpoint. The page asks before it is left while a run is active (beforeunload), not after.
import { expect, test } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

test('a run reloaded mid-training resumes from its checkpoint, with a note, and finishes every step', async ({ page, context }, testInfo) => {
  test.setTimeout(90_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  const loraXs = { ...tinyMethods()[0], epochs: 8, batch: 16 };
  // 160 training examples, batch 16, 8 epochs: 80 steps (seconds on the CPU backend), a checkpoint every 2.
  const runOptions = { custom: 1 as const, maxSteps: 0, maxExamples: 160, evalEverySteps: 10, kSweep: 0 as const, checkpointEverySteps: 2 };
  await page.goto(linkFor({ backend: 'wasm', maxLength: 64, methods: [loraXs], seeds: [1], runOptions }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.getByTestId('start').click();
  const running = page.getByTestId('run-running');
  // A checkpoint is stored (IndexedDB) past the start, and the run goes on.
  await expect(running).toHaveAttribute('data-checkpoint-step', /^([2-9]|[1-6]\d)$/, { timeout: 30_000 });
  const t0 = Date.now();

  // Leaving asks first while the run is active (the dialog is dismissed: the page stays).
  const dialogs: string[] = [];
  page.once('dialog', (d) => {
    dialogs.push(d.type());
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);

  // The reload: accepted when the page asks.
  page.once('dialog', (d) => void d.accept());
  const beforeReload = Number(await running.getAttribute('data-last-step'));
  await page.reload();
  await expect(page.getByTestId('run-resumed')).toContainText(/resumed after the page was reloaded, from its checkpoint at step \d+/, { timeout: 30_000 });
  const note = (await page.getByTestId('run-resumed').textContent()) ?? '';
  const from = Number(/at step (\d+)/.exec(note)![1]);
  expect(from).toBeGreaterThanOrEqual(2);
  expect(from).toBeLessThanOrEqual(80);
  await page.screenshot({ path: testInfo.outputPath('resumed.png'), fullPage: true });

  const done = page.getByTestId('run-done');
  await expect(done).toHaveCount(1, { timeout: 60_000 });
  await expect(done).toHaveAttribute('data-last-step', '80');
  await expect(done.getByTestId('run-note')).toContainText(`resumed after the page was reloaded, from its checkpoint at step ${from}`);
  await expect(page.getByTestId('metrics-table').locator('tbody tr')).toHaveCount(1);
  // The stored curve: the history up to the checkpoint kept, later points appended.
  const steps = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('blora-lab-runs');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const runs = await new Promise<{ loss: { step: number }[]; status: string }[]>((ok) => {
      const r = db.transaction('runs').objectStore('runs').getAll();
      r.onsuccess = () => ok(r.result);
    });
    return runs.map((x) => ({ status: x.status, steps: x.loss.map((p) => p.step) }));
  });
  expect(steps.map((r) => r.status)).toEqual(['done']);
  const curve = steps[0].steps;
  // Up to the checkpoint every step (the worker's history); after it the throttled progress points, in order, none twice.
  expect(curve.filter((s) => s <= from)).toEqual(Array.from({ length: from }, (_, i) => i + 1));
  expect(curve.every((s, i) => i === 0 || s > curve[i - 1])).toBe(true);
  expect(curve.at(-1)).toBe(80);
  console.log(`reloaded at step ${beforeReload}, resumed from ${from}; ${((Date.now() - t0) / 1000).toFixed(1)} s from the reload to the end`);

  // Done: leaving no longer asks.
  page.once('dialog', (d) => {
    dialogs.push(d.type());
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => page.isClosed()).toBe(true);
  expect(dialogs).toEqual(['beforeunload']);
  expect(errors).toEqual([]);
});
