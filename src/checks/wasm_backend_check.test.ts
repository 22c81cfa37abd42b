// The WebAssembly SIMD CPU backend, whole model: one full training step against the TypeScript CPU
// backend (1 and 2 kernel threads; tiny fixture and the embedded model), and the encoder against
// onnxruntime-web's wasm EP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loraDefaults, loraXsDefaults } from '../engine/adapters/config';
import type { CpuBackend } from '../engine/cpu/backend';
import { CpuBackend as TsBackend } from '../engine/cpu/backend';
import { createWasmCpuBackend } from '../engine/wasm/wasm_backend';
import { loadModel, type LoadedModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { configureOrt } from '../onnx/ort_env';
import { compareEngineWithOrt } from './ort_vs_engine_check';
import { compareTrainingStep, stepSummary } from './training_step_check';

const ROOT = join(__dirname, '..', '..');
const MODELS = { 'tiny-bert': join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert'), embedded: join(ROOT, 'public', 'models', 'blora-tiny-uncased') };
const TOL = 1e-4;

describe.each([1, 2])('WebAssembly CPU backend, %i kernel thread(s)', (threads) => {
  let wasm: CpuBackend;
  const models: Record<string, LoadedModel> = {};
  beforeAll(async () => {
    wasm = await createWasmCpuBackend({ threads });
    for (const [name, dir] of Object.entries(MODELS)) models[name] = await loadModel(nodeDirSource(dir));
  });
  afterAll(() => wasm?.destroy());

  for (const name of Object.keys(MODELS)) {
    for (const ac of [loraXsDefaults(4), loraDefaults(4)]) {
      it(`${name}, ${ac.method}: loss, logits, every gradient and updated value match the TypeScript backend within ${TOL}`, async () => {
        const c = await compareTrainingStep(wasm, new TsBackend(), models[name], ac);
        console.log(name, threads, stepSummary(c));
        expect(c.worst).toBeLessThan(TOL);
        expect(c.illConditioned.entries).toBeLessThan(0.01 * c.illConditioned.of);
        expect(c.minMoved).toBeGreaterThan(0);
        expect(c.minGradMax).toBeGreaterThan(0);
      });
    }
    it(`${name}: every hidden state and the pooled output match onnxruntime-web within ${TOL}`, async () => {
      configureOrt({ numThreads: 1 });
      const c = await compareEngineWithOrt(models[name], [{ name: 'wasm', backend: wasm }]);
      expect(Object.keys(c.maxAbs.wasm).length).toBe(2 * (models[name].config.numHiddenLayers + 3));
      expect(c.worst.wasm).toBeLessThan(TOL);
      expect(c.batch.paddedTokens).toBeGreaterThan(0);
    }, 120_000);
  }
  if (threads > 1)
    it('ran with the kernel threads', () => {
      expect((wasm.kernels as { threads?: number }).threads).toBe(threads);
    });
});
