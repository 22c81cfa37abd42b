// bench.html ?run=forward in Chromium (SwiftShader here, so a tiny batch): our WebGPU encoder forward
// and onnxruntime-web's webgpu EP on the same device run the same adapted model (their logits agree),
// and the page reports the time ratio and the dispatches and submits of a forward and a training step.
import { expect, test } from '@playwright/test';

test('bench page: our WebGPU forward against onnxruntime-web webgpu on the same adapter', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('./bench.html?run=forward&batch=2&seqLen=16&reps=1');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: 200_000 });
  const out = JSON.parse((await page.textContent('#results'))!);
  expect(out.error).toBeUndefined();
  const f = out.forward;
  expect(f.maxAbsLogitDiff).toBeLessThan(1e-4);
  expect(f.oursMs).toBeGreaterThan(0);
  expect(f.speedRatio).toBeGreaterThan(0);
  expect(f.dispatchesPerForward).toBeGreaterThan(20);
  expect(f.dispatchesPerTrainingStep).toBeGreaterThan(f.dispatchesPerForward);
  expect(f.submitsPerTrainingStep).toBeGreaterThanOrEqual(1);
  // SwiftShader has timestamp-query: the profile names where the forward's GPU time goes.
  expect(out.profile.length).toBeGreaterThan(3);
  expect(out.profile.reduce((s: number, k: { share: number }) => s + k.share, 0)).toBeCloseTo(1, 5);
  expect(out.profile.reduce((s: number, k: { dispatches: number }) => s + k.dispatches, 0)).toBe(f.dispatchesPerForward);
});
