// The GPU SWAG and model-average kernels (swag_kernels.ts), recorded through WebGpuBackend.runKernel, against their
// CPU twins (SwagState, bayesAverage) in Node (Dawn on SwiftShader). No adapter → the tests fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../../engine/backend';
import { defineKernel } from '../../gpu/kernel_declaration';
import { philox4x32, philoxNormal, philoxUniform } from '../../rng/philox';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { bayesAverage } from '../predictive';
import { SwagState } from '../swag';
import { SwagBackendState, mcAverageOnBackend } from './swag_backend';

// The shared test device (src/gpu/testing); uncaptured WebGPU errors are collected and must stay empty.
let be: WebGpuBackend;
const errors: string[] = [];
beforeAll(async () => {
  const ctx = await getTestDevice();
  ctx.onError((e) => errors.push(e.message));
  be = new WebGpuBackend(ctx);
});
afterAll(() => {
  expect(errors).toEqual([]);
  be?.destroy();
});

/** Index of the element furthest outside |a − b| ≤ bound(b) (NaN counts as outside), or −1. */
function worstIndex(a: ArrayLike<number>, b: ArrayLike<number>, bound: (b: number) => number, strict = false): number {
  let worst = 0,
    at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]),
      lim = bound(b[i]);
    if (strict ? d < lim : d <= lim) continue;
    const excess = Number.isNaN(d) ? Infinity : d - lim;
    if (at < 0 || excess > worst) {
      worst = excess;
      at = i;
    }
  }
  return at;
}

/** |a − b| ≤ atol + rtol·|b| everywhere; one expect, naming the worst offender. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  const at = worstIndex(a, b, (y) => atol + rtol * Math.abs(y));
  expect(at, `${what}: worst index ${at}: ${a[at]} vs ${b[at]}`).toBe(-1);
}

/** |a − b| < tol·(1 + |b|) everywhere. */
function expectRel(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  const at = worstIndex(a, b, (y) => tol * (1 + Math.abs(y)), true);
  expect(at, `${what}: worst index ${at}: ${a[at]} vs ${b[at]}`).toBe(-1);
}

/** |a − b| < tol everywhere. */
function expectAbs(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  const at = worstIndex(a, b, () => tol, true);
  expect(at, `${what}: worst index ${at}: ${a[at]} vs ${b[at]}`).toBe(-1);
}

async function readF32(t: Tensor): Promise<Float32Array> {
  return (await be.read(t)) as Float32Array;
}

function thetaAt(P: number, m: number): Float32Array {
  const z = philoxNormal(42, 500 + m, new Float32Array(P));
  return z.map((v, i) => Math.sin(i) + 0.1 * v * (1 + (i % 3)));
}

/** Run the same collections on the CPU twin and on the backend. */
function bothStates(P: number, K: number, models: number, theta = thetaAt): { cpu: SwagState; gpu: SwagBackendState } {
  const cpu = new SwagState({ P, K });
  const gpu = new SwagBackendState(be, { P, K });
  for (let m = 0; m < models; m++) {
    const x = theta(P, m);
    cpu.collect(x);
    const t = be.upload(x, [P], 'theta');
    gpu.collect(t);
    be.release(t);
  }
  return { cpu, gpu };
}

describe('philox_normal.wgsl (the normals swag_sample.wgsl draws)', () => {
  it('gives the Philox words bit-identically and the normals to f32 accuracy', async () => {
    const code = `struct Params { seed: u32, stream: u32, count: u32, _p: u32 }
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
    const count = 4096,
      seed = 0xdeadbeef,
      stream = 7;
    const words = be.empty([count], 'words', 'u32');
    const normals = be.empty([count], 'normals');
    const kernel = defineKernel({
      name: 'test.philox_normal',
      file: '(inline)',
      code,
      libraries: ['philox', 'philox_normal'],
      entries: ['main'],
      uniforms: [
        ['seed', 'u32'],
        ['stream', 'u32'],
        ['count', 'u32'],
        ['_p', 'u32'],
      ],
      bindings: [
        ['words', 'storage'],
        ['normals', 'storage'],
      ],
      workgroupSize: null,
    });
    be.runKernel(kernel, {
      entry: 'main',
      label: 'philox_normal_test',
      uniforms: { seed, stream, count, _p: 0 },
      bindings: { words, normals },
      workgroups: [count / 64, 1, 1],
    });
    const gotWords = (await be.read(words)) as Uint32Array;
    const gotNormals = await readF32(normals);
    be.release(words);
    be.release(normals);
    expect(gotWords).toBeInstanceOf(Uint32Array);
    const w = new Uint32Array(4);
    let firstBad = -1;
    for (let i = 0; i < count && firstBad < 0; i++) {
      philox4x32(Math.floor(i / 4), 0, 0, 0, seed, stream, w);
      if (gotWords[i] !== w[i % 4]) firstBad = i;
    }
    expect(firstBad, 'first word that differs').toBe(-1);
    expectClose(gotNormals, philoxNormal(seed, stream, new Float32Array(count)), 1e-6, 2e-6, 'normals');
  });
});

describe('SwagBackendState (through WebGpuBackend.runKernel)', () => {
  it('collects and samples like the CPU twin, all recorded into one submit', async () => {
    const P = 45,
      K = 3,
      S = 6;
    const submits0 = be.recorder.submits;
    const { cpu, gpu } = bothStates(P, K, 5, (n, m) => philoxNormal(8, m, new Float32Array(n)).map((v, i) => Math.cos(i) + 0.2 * v));
    const samples = gpu.sample(77, 10, 0.5, S);
    const got = await readF32(samples);
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

  it('collect matches the CPU twin (ring buffer wrapped)', async () => {
    const P = 67,
      K = 3;
    const { cpu, gpu } = bothStates(P, K, 5);
    const back = await gpu.toState();
    expect([gpu.n, gpu.rows, gpu.writeIndex]).toEqual([5, 3, 2]);
    expect([back.n, back.rows, back.writeIndex]).toEqual([cpu.n, cpu.rows, cpu.writeIndex]);
    expectClose(back.mean, cpu.mean, 1e-6, 1e-6, 'mean');
    expectClose(back.sqMean, cpu.sqMean, 1e-6, 1e-6, 'sqMean');
    expectClose(back.deviations, cpu.deviations, 1e-6, 1e-5, 'deviations');
    gpu.release();
  });

  it('samples S draws at once equal to the CPU twin to ~1e-5 (ring wrapped, ring part-filled, K = 0)', async () => {
    for (const [P, K, models] of [
      [67, 3, 5],
      [37, 5, 2],
      [21, 0, 3],
    ]) {
      const { cpu, gpu } = bothStates(P, K, models);
      gpu.load(cpu); // same f32 state on both sides, so only the sampler is compared
      const S = 9,
        first = 4,
        seed = 2024,
        c = 0.5;
      const out = gpu.sample(seed, first, c, S);
      const got = await readF32(out);
      be.release(out);
      for (let s = 0; s < S; s++) {
        expectClose(got.subarray(s * P, (s + 1) * P), cpu.sample(seed, first + s, c), 1e-5, 1e-5, `P=${P} K=${K} sample ${first + s}`);
      }
      gpu.release();
    }
  });

  it('c = 0 writes exactly μ (the SWA mean), for every sample', async () => {
    const P = 19;
    const { cpu, gpu } = bothStates(P, 3, 4);
    const out = gpu.sample(1, 0, 0, 2);
    const got = await readF32(out);
    be.release(out);
    const mean = await readF32(gpu.mean);
    expect([...got]).toEqual([...mean, ...mean]);
    expectClose(mean, cpu.mean, 1e-6, 1e-6, 'mean');
    gpu.release();
  });

  it('c = 0 gives μ and K = 0 works (diagonal only)', async () => {
    const P = 10;
    const { gpu } = bothStates(P, 0, 3, (n, m) => philoxNormal(9, m, new Float32Array(n)));
    const mean = await readF32(gpu.mean);
    const atMean = gpu.sample(1, 0, 0);
    expect([...(await readF32(atMean))]).toEqual([...mean]);
    be.release(atMean);
    const back = await gpu.toState();
    const x = gpu.sample(4, 2, 1);
    expectClose(await readF32(x), back.sample(4, 2, 1), 1e-5, 1e-5, 'diag sample');
    be.release(x);
    gpu.release();
  });

  it('20,000 GPU draws have mean μ and covariance c(diag σ² + DᵀD/(K−1)) within 5 standard errors', async () => {
    const P = 6,
      K = 3,
      S = 20000,
      c = 2;
    const { cpu, gpu } = bothStates(P, K, 5);
    const out = gpu.sample(99, 0, c, S);
    const x = await readF32(out);
    be.release(out);
    const v = cpu.variance();
    const sigma = (i: number, j: number) => {
      let lr = 0;
      for (let k = 0; k < K; k++) lr += cpu.deviations[k * P + i] * cpu.deviations[k * P + j];
      return c * ((i === j ? v[i] : 0) + lr / (K - 1));
    };
    const mean = new Float64Array(P);
    for (let s = 0; s < S; s++) for (let i = 0; i < P; i++) mean[i] += x[s * P + i] / S;
    for (let i = 0; i < P; i++) {
      expect(Math.abs(mean[i] - cpu.mean[i]), `mean[${i}]`).toBeLessThan(5 * Math.sqrt(sigma(i, i) / S));
      for (let j = 0; j <= i; j++) {
        let cij = 0;
        for (let s = 0; s < S; s++) cij += (x[s * P + i] - mean[i]) * (x[s * P + j] - mean[j]);
        cij /= S - 1;
        const se = Math.sqrt((sigma(i, i) * sigma(j, j) + sigma(i, j) ** 2) / S);
        expect(Math.abs(cij - sigma(i, j)), `cov[${i},${j}]`).toBeLessThan(5 * se);
      }
    }
    gpu.release();
  });

  it('refuses bad shapes, sampling before any collection, c < 0 and a short output', () => {
    expect(() => new SwagBackendState(be, { P: 0, K: 2 })).toThrow(/bad P=0/);
    expect(() => new SwagBackendState(be, { P: 4, K: -1 })).toThrow(/bad P=4 K=-1/);
    const gpu = new SwagBackendState(be, { P: 4, K: 2 });
    const out = be.empty([1, 4], 'out');
    expect(() => gpu.sampleInto(out, 1, 0, 1)).toThrow(/no models collected/);
    const wrong = be.zeros([5], 'theta5');
    expect(() => gpu.collect(wrong)).toThrow(/θ has 5 values, expected 4/);
    be.release(wrong);
    const theta = be.zeros([4], 'theta');
    gpu.collect(theta);
    be.release(theta);
    expect(() => gpu.sampleInto(out, 1, 0, -1)).toThrow(/c must be ≥ 0/);
    be.release(out);
    const short = be.empty([7], 'short');
    expect(() => gpu.sampleInto(short, 1, 0, 1, 2)).toThrow(/output too small/);
    be.release(short);
    expect(() => gpu.load(new SwagState({ P: 4, K: 3 }))).toThrow(/shape mismatch/);
    gpu.release();
  });
});

describe('mcAverageOnBackend (mc_average.wgsl)', () => {
  async function runGpu(values: Float32Array, S: number, N: number, C: number, kind: 'logits' | 'probs') {
    const input = be.upload(values, [S, N, C], 'mc.input');
    const out = mcAverageOnBackend(be, input, S, N, C, kind);
    const res = { meanProbs: await readF32(out.meanProbs), sampleEntropy: await readF32(out.sampleEntropy), summary: await readF32(out.summary) };
    for (const t of [input, out.meanProbs, out.sampleEntropy, out.summary]) be.release(t);
    return res;
  }

  it('matches bayesAverage on logits [S, N, C] (N = 131: more than two workgroups)', async () => {
    const S = 7,
      N = 131,
      C = 3;
    const logits = philoxNormal(5, 0, new Float32Array(S * N * C)).map((v, i) => 3 * v + (i % C));
    const gpu = await runGpu(logits, S, N, C, 'logits');
    const cpu = bayesAverage(logits, S, N, C, 'logits');
    expectRel(gpu.meanProbs, cpu.meanProbs, 1e-5, 'meanProbs');
    expectRel(gpu.sampleEntropy, cpu.sampleEntropy, 1e-5, 'sampleEntropy');
    const col = (k: number) => Float64Array.from({ length: N }, (_, n) => gpu.summary[n * 3 + k]);
    expectAbs(col(0), cpu.predictiveEntropy, 1e-5, 'H(p)');
    expectAbs(col(1), cpu.expectedEntropy, 1e-5, 'mean_s H(p_s)');
    expectAbs(col(2), cpu.mutualInformation, 2e-5, 'MI');
  });

  it('matches bayesAverage on logits [S, N, C] (S = 5, N = 40, C = 4)', async () => {
    const S = 5,
      N = 40,
      C = 4;
    const logits = philoxNormal(3, 3, new Float32Array(S * N * C)).map((v) => 2 * v);
    const gpu = await runGpu(logits, S, N, C, 'logits');
    const cpu = bayesAverage(logits, S, N, C, 'logits');
    expectClose(gpu.meanProbs, cpu.meanProbs, 1e-6, 1e-5, 'meanProbs');
    expectClose(gpu.sampleEntropy, cpu.sampleEntropy, 1e-6, 1e-5, 'sampleEntropy');
    expectAbs(
      Float64Array.from({ length: N }, (_, n) => gpu.summary[n * 3 + 2]),
      cpu.mutualInformation,
      2e-5,
      'MI',
    );
  });

  it('matches bayesAverage on probabilities with exact zeros', async () => {
    const S = 4,
      N = 70,
      C = 5;
    const u = philoxUniform(8, 0, new Float32Array(S * N * C));
    const probs = new Float32Array(S * N * C);
    for (let r = 0; r < S * N; r++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += probs[r * C + c] = u[r * C + c] < 0.3 ? 0 : u[r * C + c];
      for (let c = 0; c < C; c++) probs[r * C + c] = sum > 0 ? probs[r * C + c] / sum : c === 0 ? 1 : 0;
    }
    const gpu = await runGpu(probs, S, N, C, 'probs');
    const cpu = bayesAverage(probs, S, N, C, 'probs');
    expectRel(gpu.meanProbs, cpu.meanProbs, 1e-6, 'meanProbs');
    expectRel(gpu.sampleEntropy, cpu.sampleEntropy, 1e-5, 'sampleEntropy');
    expectAbs(
      Float64Array.from({ length: N }, (_, n) => gpu.summary[n * 3 + 2]),
      cpu.mutualInformation,
      2e-5,
      'MI',
    );
    expect(gpu.summary.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('refuses an input of the wrong size', () => {
    const input = be.zeros([2, 3, 4], 'mc.input');
    expect(() => mcAverageOnBackend(be, input, 2, 3, 5, 'logits')).toThrow(/input has 24 values, expected 30/);
    be.release(input);
  });
});
