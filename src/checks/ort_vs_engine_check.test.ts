// The browser ORT comparison (engine-check.html) run in Node: onnxruntime-web's wasm EP (one
// thread) against our encoder on CpuBackend and on WebGpuBackend (Dawn), tiny fixture and embedded model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { getTestDevice } from '../gpu/testing/node_gpu';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { configureOrt } from '../onnx/ort_env';
import { compareEngineWithOrt } from './ort_vs_engine_check';

const ROOT = join(__dirname, '..', '..');
const MODELS = { 'tiny-bert': join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert'), embedded: join(ROOT, 'public', 'models', 'blora-tiny-uncased') };
const TOL = 1e-4;

describe('engine vs onnxruntime-web on CPU and WebGPU backends (Node)', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    configureOrt({ numThreads: 1 });
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());

  for (const [name, dir] of Object.entries(MODELS)) {
    it(`${name}: every hidden state and the pooled output within ${TOL}`, async () => {
      const m = await loadModel(nodeDirSource(dir));
      const c = await compareEngineWithOrt(m, [
        { name: 'cpu', backend: 'cpu-engineForward' },
        { name: 'webgpu', backend: gpu },
      ]);
      console.log(name, JSON.stringify(c.worst), 'layersMove', c.layersMove, 'padded', c.batch.paddedTokens);
      expect(Object.keys(c.maxAbs.webgpu).length).toBe(2 * (m.config.numHiddenLayers + 3));
      expect(c.worst.cpu).toBeLessThan(TOL);
      expect(c.worst.webgpu).toBeLessThan(TOL);
      expect(c.layersMove).toBeGreaterThan(0.1);
      expect(c.batch.paddedTokens).toBeGreaterThan(0);
    }, 120_000);
  }
});
