import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { philoxNormal, philoxUniform } from '../../engine/rng/philox';
import { bayesAverage } from '../predictive';
import { readFloat32, storageBuffer } from './dispatch';
import { mcAverageInto } from './mc_average_gpu';
import { getTestDevice } from '../../gpu/testing/node_gpu';

// The shared test device (src/gpu/testing); uncaptured WebGPU errors are collected and must stay empty.
const t = { device: null as unknown as GPUDevice, errors: [] as string[], destroy: () => {} };
beforeAll(async () => {
  const ctx = await getTestDevice();
  ctx.onError((e) => t.errors.push(e.message));
  t.device = ctx.device;
  t.destroy = () => ctx.destroy();
});
afterAll(() => {
  expect(t.errors).toEqual([]);
  t.destroy();
});

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThan(tol * (1 + Math.abs(b[i])));
}

async function runGpu(values: Float32Array, S: number, N: number, C: number, kind: 'logits' | 'probs') {
  const input = storageBuffer(t.device, 'mc.input', values.length * 4, values);
  const out = {
    meanProbs: storageBuffer(t.device, 'mc.meanProbs', N * C * 4),
    sampleEntropy: storageBuffer(t.device, 'mc.sampleEntropy', S * N * 4),
    summary: storageBuffer(t.device, 'mc.summary', N * 3 * 4),
  };
  mcAverageInto(t.device, input, S, N, C, kind, out);
  const res = {
    meanProbs: await readFloat32(t.device, out.meanProbs, N * C),
    sampleEntropy: await readFloat32(t.device, out.sampleEntropy, S * N),
    summary: await readFloat32(t.device, out.summary, N * 3),
  };
  for (const b of [input, out.meanProbs, out.sampleEntropy, out.summary]) b.destroy();
  return res;
}

describe('mc_average.wgsl', () => {
  it('matches bayesAverage on logits [S, N, C]', async () => {
    const S = 7, N = 131, C = 3;
    const logits = philoxNormal(5, 0, new Float32Array(S * N * C)).map((v, i) => 3 * v + (i % C));
    const gpu = await runGpu(logits, S, N, C, 'logits');
    const cpu = bayesAverage(logits, S, N, C, 'logits');
    expectClose(gpu.meanProbs, cpu.meanProbs, 1e-5, 'meanProbs');
    expectClose(gpu.sampleEntropy, cpu.sampleEntropy, 1e-5, 'sampleEntropy');
    for (let n = 0; n < N; n++) {
      expect(Math.abs(gpu.summary[n * 3] - cpu.predictiveEntropy[n])).toBeLessThan(1e-5);
      expect(Math.abs(gpu.summary[n * 3 + 1] - cpu.expectedEntropy[n])).toBeLessThan(1e-5);
      expect(Math.abs(gpu.summary[n * 3 + 2] - cpu.mutualInformation[n])).toBeLessThan(2e-5);
    }
  });

  it('matches bayesAverage on probabilities with exact zeros', async () => {
    const S = 4, N = 70, C = 5;
    const u = philoxUniform(8, 0, new Float32Array(S * N * C));
    const probs = new Float32Array(S * N * C);
    for (let r = 0; r < S * N; r++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += (probs[r * C + c] = u[r * C + c] < 0.3 ? 0 : u[r * C + c]);
      for (let c = 0; c < C; c++) probs[r * C + c] = sum > 0 ? probs[r * C + c] / sum : c === 0 ? 1 : 0;
    }
    const gpu = await runGpu(probs, S, N, C, 'probs');
    const cpu = bayesAverage(probs, S, N, C, 'probs');
    expectClose(gpu.meanProbs, cpu.meanProbs, 1e-6, 'meanProbs');
    expectClose(gpu.sampleEntropy, cpu.sampleEntropy, 1e-5, 'sampleEntropy');
    for (let n = 0; n < N; n++) expect(Math.abs(gpu.summary[n * 3 + 2] - cpu.mutualInformation[n])).toBeLessThan(2e-5);
    expect(gpu.summary.every((v) => Number.isFinite(v))).toBe(true);
  });
});
