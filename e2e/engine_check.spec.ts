// Numeric checks of the engine inside headless Chromium (engine-check.html, src/checks):
// 1. one full training step (forward with dropout, loss, backward, AdamW) of the tiny fixture BERT
//    on WebGPU (SwiftShader) against the CPU backend, LoRA-XS and LoRA;
// 2. the production build is cross-origin isolated and onnxruntime-web's wasm EP runs the embedded
//    model on several threads; our encoder (CPU and WebGPU) matches its hidden states and pooled output.
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, routeTinyModel } from './helpers';
import type { EngineCheckApi } from '../src/checks/engine_check_page';
import { stepSummary } from '../src/checks/training_step_check';

const TOL = 1e-4;

async function openCheckPage(page: Page): Promise<void> {
  await page.goto('./engine-check.html');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
}

function call<K extends keyof EngineCheckApi>(page: Page, name: K, ...args: Parameters<EngineCheckApi[K]>): Promise<Awaited<ReturnType<EngineCheckApi[K]>>> {
  return page.evaluate(([n, a]) => (window.engineCheck[n] as (...x: unknown[]) => Promise<never>)(...a), [name, args] as const);
}

test('a whole training step on WebGPU matches the CPU backend (tiny BERT, LoRA-XS and LoRA)', async ({ page, context }) => {
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await openCheckPage(page);
  const r = await call(page, 'trainingStep');
  console.log(
    `training step on ${r.adapter.description || r.adapter.architecture} (fallback ${r.adapter.isFallback}), model ${r.model.numLayers} layers × ${r.model.hiddenSize}`,
  );
  expect(r.model).toMatchObject({ numLayers: 2, hiddenSize: 32 }); // the route served the tiny fixture
  expect(r.steps.map((s) => s.method)).toEqual(['loraxs', 'lora']);
  for (const s of r.steps) {
    console.log(stepSummary(s));
    const adapterKeys = Object.keys(s.gradRelErr).filter((k) => !k.startsWith('pooler.') && !k.startsWith('classifier.'));
    // LoRA-XS: 4 modules × 2 layers, one R each; LoRA: 2 modules × 2 layers, A and B each.
    expect(adapterKeys.length).toBe(8);
    expect(Object.keys(s.gradRelErr)).toEqual(expect.arrayContaining(['pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias']));
    expect(s.loss.relErr).toBeLessThan(TOL);
    expect(s.logitsRelErr).toBeLessThan(TOL);
    for (const [name, e] of Object.entries(s.gradRelErr)) expect(e, `gradient of ${name}`).toBeLessThan(TOL);
    for (const [name, e] of Object.entries(s.updatedRelErrConditioned)) expect(e, `updated ${name}`).toBeLessThan(TOL);
    expect(s.illConditioned.entries).toBeLessThan(0.01 * s.illConditioned.of);
    expect(s.minGradMax).toBeGreaterThan(0); // no gradient is trivially zero
    expect(s.minMoved).toBeGreaterThan(0); // the step updated every parameter
    expect(s.trainerLossGap.a).toBeLessThan(1e-6); // the trainer used the checked forward
    expect(s.trainerLossGap.b).toBeLessThan(1e-6);
  }
  expect(errors).toEqual([]);
});

test('production build: threaded onnxruntime-web wasm runs the embedded model, and our engine matches it', async ({ page }) => {
  const errors = collectPageErrors(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  const ortRequests: string[] = [];
  page.on('request', (req) => {
    if (/\/ort-wasm[^/]*$/.test(new URL(req.url()).pathname)) ortRequests.push(req.url());
  });
  await openCheckPage(page);
  const r = await call(page, 'ortVsEngine', 2);
  console.log(
    `ORT ${r.ortVersion}: crossOriginIsolated ${r.crossOriginIsolated}, numThreads ${r.numThreads}, ${workers.length} workers, files ${r.ortFiles.join(', ')}`,
  );
  console.log('ms', r.ms);
  console.log(
    `model ${r.model.id} (${r.numLayers} layers × ${r.model.hiddenSize}), batch ${r.batch.batch} × ${r.batch.seqLen} (${r.batch.paddedTokens} padded), layers move ${r.layersMove.toFixed(3)}`,
  );
  for (const [side, per] of Object.entries(r.maxAbs)) console.log(`max |engine(${side}) − ort|: ${r.worst[side].toExponential(2)}`, per);

  // Multi-threaded wasm really ran: isolation, two threads kept after init, pthread workers,
  // and the threaded runtime fetched from the copied ort/ folder.
  expect(r.crossOriginIsolated).toBe(true);
  expect(r.numThreads).toBeGreaterThan(1);
  expect(workers.filter((u) => /ort-wasm-simd-threaded/.test(u)).length).toBeGreaterThanOrEqual(r.numThreads - 1);
  for (const f of ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm']) {
    expect(
      r.ortFiles.some((u) => u.endsWith(`/ort/${f}`)),
      `${f} fetched from ort/`,
    ).toBe(true);
  }
  expect(ortRequests.length).toBeGreaterThan(0);

  expect(r.model.id).toBe('blora-tiny-uncased');
  expect(r.batch.paddedTokens).toBeGreaterThan(0); // padding is exercised
  expect(r.layersMove).toBeGreaterThan(0.1); // a no-op engine and graph would agree trivially
  expect(Object.keys(r.worst).sort()).toEqual(['cpu', 'webgpu']);
  for (const side of ['cpu', 'webgpu']) {
    expect(Object.keys(r.maxAbs[side]).length).toBe(2 * (r.numLayers + 3));
    expect(r.worst[side], `engine on ${side}`).toBeLessThan(TOL);
  }
  expect(errors).toEqual([]);
});
