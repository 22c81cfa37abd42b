// The browser training-step check (engine-check.html) run in Node first: WebGpuBackend on Dawn
// against CpuBackend on the tiny fixture BERT, LoRA-XS and LoRA, one full step each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CpuBackend } from '../engine/cpu/backend';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { loraDefaults, loraXsDefaults } from '../engine/adapters/config';
import { getTestDevice } from '../gpu/testing/node_gpu';
import { loadModel, type LoadedModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { compareTrainingStep, stepSummary } from './training_step_check';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const TOL = 1e-4;

describe('training step check: WebGPU vs CPU (Node, Dawn)', () => {
  let gpu: WebGpuBackend, m: LoadedModel;
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
    m = await loadModel(nodeDirSource(TINY));
  });
  afterAll(() => gpu?.destroy());

  for (const ac of [loraXsDefaults(4), loraDefaults(4)]) {
    it(`${ac.method}: loss, logits, every gradient and updated value within ${TOL}`, async () => {
      const c = await compareTrainingStep(gpu, new CpuBackend(), m, ac);
      console.log(stepSummary(c));
      expect(Object.keys(c.gradRelErr).length).toBe(ac.method === 'loraxs' ? 2 * 4 + 4 : 2 * 2 * 2 + 4);
      expect(c.worst).toBeLessThan(TOL);
      expect(c.illConditioned.entries).toBeLessThan(0.01 * c.illConditioned.of);
      expect(c.minMoved).toBeGreaterThan(0);
      expect(c.minGradMax).toBeGreaterThan(0);
      expect(c.trainerLossGap.a).toBeLessThan(1e-6);
      expect(c.trainerLossGap.b).toBeLessThan(1e-6);
    });
  }
});
