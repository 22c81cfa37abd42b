import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import philoxWgsl from '../../../shaders/philox.wgsl?raw';
import philoxNormalWgsl from '../../../shaders/philox_normal.wgsl?raw';
import { philox4x32, philoxNormal } from '../../engine/rng/philox';
import { SwagState } from '../swag';
import { computePipeline, dispatch, readFloat32, storageBuffer } from './dispatch';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { SwagGpu } from './swag_gpu';

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

function thetaAt(P: number, m: number): Float32Array {
  const z = philoxNormal(42, 500 + m, new Float32Array(P));
  return z.map((v, i) => Math.sin(i) + 0.1 * v * (1 + (i % 3)));
}

/** Run the same collections on the CPU twin and the GPU. */
async function bothStates(P: number, K: number, models: number): Promise<{ cpu: SwagState; gpu: SwagGpu }> {
  const cpu = new SwagState({ P, K });
  const gpu = new SwagGpu(t.device, { P, K });
  for (let m = 0; m < models; m++) {
    const theta = thetaAt(P, m);
    cpu.collect(theta);
    const buf = storageBuffer(t.device, 'theta', P * 4, theta);
    gpu.collect(buf);
    buf.destroy();
  }
  return { cpu, gpu };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  expect(a.length).toBe(b.length);
  let worst = 0, at = -1;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i] - b[i]) - (atol + rtol * Math.abs(b[i]));
    if (excess > worst) { worst = excess; at = i; }
  }
  expect(at, `${what}: first bad index ${at}: ${a[at]} vs ${b[at]}`).toBe(-1);
}

describe('philox_normal.wgsl', () => {
  it('gives the Philox words bit-identically and the normals to f32 accuracy', async () => {
    const code = `${philoxWgsl}
${philoxNormalWgsl}
struct Params { seed: u32, stream: u32, count: u32, _p: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> words: array<u32>;
@group(0) @binding(2) var<storage, read_write> normals: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.count) { return; }
  let w = philox4x32(vec4<u32>(i / 4u, 0u, 0u, 0u), vec2<u32>(params.seed, params.stream));
  words[i] = w[i % 4u];
  normals[i] = philox_normal(params.seed, params.stream, i);
}`;
    const count = 4096, seed = 0xdeadbeef, stream = 7;
    const words = storageBuffer(t.device, 'words', count * 4);
    const normals = storageBuffer(t.device, 'normals', count * 4);
    dispatch(t.device, computePipeline(t.device, 'philox_test', code), new Uint32Array([seed, stream, count, 0]).buffer, [words, normals], [count / 64]);
    const gotWords = new Uint32Array((await readFloat32(t.device, words, count)).buffer);
    const gotNormals = await readFloat32(t.device, normals, count);
    words.destroy();
    normals.destroy();
    const w = new Uint32Array(4);
    for (let i = 0; i < count; i++) {
      philox4x32(Math.floor(i / 4), 0, 0, 0, seed, stream, w);
      expect(gotWords[i], `word ${i}`).toBe(w[i % 4]);
    }
    expectClose(gotNormals, philoxNormal(seed, stream, new Float32Array(count)), 1e-6, 2e-6, 'normals');
  });
});

describe('SwagGpu', () => {
  it('collect matches the CPU twin (ring buffer wrapped)', async () => {
    const P = 67, K = 3;
    const { cpu, gpu } = await bothStates(P, K, 5);
    const back = await gpu.toState();
    expect([back.n, back.rows, back.writeIndex]).toEqual([cpu.n, cpu.rows, cpu.writeIndex]);
    expectClose(back.mean, cpu.mean, 1e-6, 1e-6, 'mean');
    expectClose(back.sqMean, cpu.sqMean, 1e-6, 1e-6, 'sqMean');
    expectClose(back.deviations, cpu.deviations, 1e-6, 1e-5, 'deviations');
    gpu.destroy();
  });

  it('samples S draws at once equal to the CPU twin to ~1e-5', async () => {
    for (const [P, K, models] of [[67, 3, 5], [37, 5, 2], [21, 0, 3]]) {
      const { cpu, gpu } = await bothStates(P, K, models);
      gpu.load(cpu); // same f32 state on both sides, so only the sampler is compared
      const S = 9, first = 4, seed = 2024, c = 0.5;
      const out = storageBuffer(t.device, 'samples', S * P * 4);
      gpu.sampleInto(out, seed, first, c, S);
      const got = await readFloat32(t.device, out, S * P);
      out.destroy();
      for (let s = 0; s < S; s++) {
        expectClose(got.subarray(s * P, (s + 1) * P), cpu.sample(seed, first + s, c), 1e-5, 1e-5, `P=${P} K=${K} sample ${first + s}`);
      }
      gpu.destroy();
    }
  });

  it('c = 0 writes exactly μ', async () => {
    const { cpu, gpu } = await bothStates(19, 3, 4);
    const out = storageBuffer(t.device, 'samples', 2 * 19 * 4);
    gpu.sampleInto(out, 1, 0, 0, 2);
    const got = await readFloat32(t.device, out, 2 * 19);
    out.destroy();
    const mean = await readFloat32(t.device, gpu.mean, 19);
    expect([...got]).toEqual([...mean, ...mean]);
    expectClose(mean, cpu.mean, 1e-6, 1e-6, 'mean');
    gpu.destroy();
  });

  it('20,000 GPU draws have mean μ and covariance c(diag σ² + DᵀD/(K−1)) within 5 standard errors', async () => {
    const P = 6, K = 3, S = 20000, c = 2;
    const { cpu, gpu } = await bothStates(P, K, 5);
    const out = storageBuffer(t.device, 'samples', S * P * 4);
    gpu.sampleInto(out, 99, 0, c, S);
    const x = await readFloat32(t.device, out, S * P);
    out.destroy();
    const v = cpu.variance();
    const sigma = (i: number, j: number) => {
      let lr = 0;
      for (let k = 0; k < K; k++) lr += cpu.deviations[k * P + i] * cpu.deviations[k * P + j];
      return c * ((i === j ? v[i] : 0) + lr / (K - 1));
    };
    const mean = new Float64Array(P);
    for (let s = 0; s < S; s++) for (let i = 0; i < P; i++) mean[i] += x[s * P + i] / S;
    for (let i = 0; i < P; i++) {
      expect(Math.abs(mean[i] - cpu.mean[i])).toBeLessThan(5 * Math.sqrt(sigma(i, i) / S));
      for (let j = 0; j <= i; j++) {
        let cij = 0;
        for (let s = 0; s < S; s++) cij += (x[s * P + i] - mean[i]) * (x[s * P + j] - mean[j]);
        cij /= S - 1;
        const se = Math.sqrt((sigma(i, i) * sigma(j, j) + sigma(i, j) ** 2) / S);
        expect(Math.abs(cij - sigma(i, j)), `cov[${i},${j}]`).toBeLessThan(5 * se);
      }
    }
    gpu.destroy();
  });
});
