import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { philoxNormal } from '../../engine/rng/philox';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { bayesAverage } from '../predictive';
import { SwagState } from '../swag';
import { SwagBackendState, mcAverageOnBackend } from './swag_backend';

let be: WebGpuBackend;
beforeAll(async () => { be = new WebGpuBackend(await getTestDevice()); });
afterAll(() => be?.destroy());

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(b[i]));
}

describe('SwagBackendState (through WebGpuBackend.runKernel)', () => {
  it('collects and samples like the CPU twin, all recorded into one submit', async () => {
    const P = 45, K = 3, S = 6;
    const cpu = new SwagState({ P, K });
    const gpu = new SwagBackendState(be, { P, K });
    const submits0 = be.recorder.submits;
    for (let m = 0; m < 5; m++) {
      const theta = philoxNormal(8, m, new Float32Array(P)).map((v, i) => Math.cos(i) + 0.2 * v);
      cpu.collect(theta);
      const t = be.upload(theta, [P], 'theta');
      gpu.collect(t);
      be.release(t);
    }
    const samples = gpu.sample(77, 10, 0.5, S);
    const got = await be.read(samples) as Float32Array;
    expect(be.recorder.submits - submits0).toBe(1);
    const back = await gpu.toState();
    expectClose(back.mean, cpu.mean, 1e-6, 1e-6, 'mean');
    expectClose(back.sqMean, cpu.sqMean, 1e-6, 1e-6, 'sqMean');
    expectClose(back.deviations, cpu.deviations, 1e-6, 1e-5, 'deviations');
    // Compare the sampler on identical state (the GPU's own f32 state).
    for (let s = 0; s < S; s++) expectClose(got.subarray(s * P, (s + 1) * P), back.sample(77, 10 + s, 0.5), 1e-5, 1e-5, `sample ${10 + s}`);
    be.release(samples);
    gpu.release();
  });

  it('c = 0 gives μ and K = 0 works (diagonal only)', async () => {
    const P = 10;
    const gpu = new SwagBackendState(be, { P, K: 0 });
    const cpu = new SwagState({ P, K: 0 });
    for (let m = 0; m < 3; m++) {
      const theta = philoxNormal(9, m, new Float32Array(P));
      cpu.collect(theta);
      const t = be.upload(theta, [P], 'theta');
      gpu.collect(t);
      be.release(t);
    }
    const mean = await be.read(gpu.mean) as Float32Array;
    const atMean = await be.read(gpu.sample(1, 0, 0)) as Float32Array;
    expect([...atMean]).toEqual([...mean]);
    const back = await gpu.toState();
    const x = await be.read(gpu.sample(4, 2, 1)) as Float32Array;
    expectClose(x, back.sample(4, 2, 1), 1e-5, 1e-5, 'diag sample');
    gpu.release();
  });
});

describe('mcAverageOnBackend', () => {
  it('matches bayesAverage', async () => {
    const S = 5, N = 40, C = 4;
    const logits = philoxNormal(3, 3, new Float32Array(S * N * C)).map((v) => 2 * v);
    const out = mcAverageOnBackend(be, be.upload(logits, [S, N, C], 'logits'), S, N, C, 'logits');
    const cpu = bayesAverage(logits, S, N, C, 'logits');
    expectClose(await be.read(out.meanProbs) as Float32Array, cpu.meanProbs, 1e-6, 1e-5, 'meanProbs');
    expectClose(await be.read(out.sampleEntropy) as Float32Array, cpu.sampleEntropy, 1e-6, 1e-5, 'sampleEntropy');
    const summary = await be.read(out.summary) as Float32Array;
    for (let n = 0; n < N; n++) expect(Math.abs(summary[n * 3 + 2] - cpu.mutualInformation[n])).toBeLessThan(2e-5);
  });
});
