// SWAG (METHOD.md §3) and Bayesian-model-average kernels on the GPU, recorded through the shared
// WebGPU backend (src/engine/webgpu: runKernel joins the step's command encoder, tensors come from
// its pool), so collecting θ after an optimizer step and drawing θ̃ before a forward pass cost no
// extra submits or read-backs. Kernels: shaders/swag_collect.wgsl, shaders/philox.wgsl +
// shaders/philox_normal.wgsl + shaders/swag_sample.wgsl, shaders/mc_average.wgsl. CPU twins:
// SwagState (../swag) and bayesAverage (../predictive). The scalar bookkeeping (n, ring write
// index, rows) lives on the host.

import collectWgsl from '../../../shaders/swag_collect.wgsl?raw';
import mcAverageWgsl from '../../../shaders/mc_average.wgsl?raw';
import philoxWgsl from '../../../shaders/philox.wgsl?raw';
import philoxNormalWgsl from '../../../shaders/philox_normal.wgsl?raw';
import sampleWgsl from '../../../shaders/swag_sample.wgsl?raw';
import type { Tensor } from '../../engine/backend';
import type { Kernel } from '../../engine/webgpu/kernels';
import type { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { grid1d } from '../../engine/webgpu/dispatch_grid';
import { SwagState, swagLowRankDivisor, type SwagConfig, type SwagDivisor } from '../swag';

/** philox.wgsl (the shared Philox4x32-10) + philox_normal.wgsl (Box–Muller) + the sampler. */
export const SWAG_SAMPLE_WGSL = [philoxWgsl, philoxNormalWgsl, sampleWgsl].join('\n');

const COLLECT: Kernel = { shader: { id: 'bayes.swag_collect', code: collectWgsl }, bindings: ['uniform', 'read', 'storage', 'storage', 'storage'] };
const SAMPLE: Kernel = { shader: { id: 'bayes.swag_sample', code: SWAG_SAMPLE_WGSL }, bindings: ['uniform', 'read', 'read', 'read', 'storage'] };
const MC_AVERAGE: Kernel = { shader: { id: 'bayes.mc_average', code: mcAverageWgsl }, bindings: ['uniform', 'read', 'storage', 'storage', 'storage'] };

/** The kernels use @workgroup_size(64) and index x + y · groups_x · 64. */
function grid(be: WebGpuBackend, threads: number, what: string): [number, number, number] {
  return grid1d(Math.max(1, Math.ceil(threads / 64)), be.ctx.device.limits.maxComputeWorkgroupsPerDimension, what);
}

export class SwagBackendState {
  readonly P: number;
  readonly K: number;
  readonly divisor: SwagDivisor;
  n = 0;
  writeIndex = 0;
  rows = 0;
  readonly mean: Tensor;
  readonly sqMean: Tensor;
  /** [max(K, 1), P]; only the first `rows` slots are meaningful. */
  readonly deviations: Tensor;

  constructor(
    readonly be: WebGpuBackend,
    cfg: SwagConfig,
  ) {
    if (!(cfg.P > 0) || !(cfg.K >= 0)) throw new Error(`SwagBackendState: bad P=${cfg.P} K=${cfg.K}`);
    this.P = cfg.P;
    this.K = cfg.K;
    this.divisor = cfg.divisor ?? 'maxRows';
    this.mean = be.zeros([this.P], 'swag.mean');
    this.sqMean = be.zeros([this.P], 'swag.sq_mean');
    this.deviations = be.zeros([Math.max(this.K, 1), this.P], 'swag.deviations');
  }

  /** Record the collection of θ (f32 [P]). */
  collect(theta: Tensor): void {
    if (theta.size !== this.P) throw new Error(`SwagBackendState.collect: θ has ${theta.size} values, expected ${this.P}`);
    this.be.runKernel({
      kernel: COLLECT,
      entry: 'main',
      label: 'swag_collect',
      uniforms: [
        ['u', this.P],
        ['u', this.n],
        ['u', this.writeIndex],
        ['u', this.K > 0 ? 1 : 0],
      ],
      tensors: [theta, this.mean, this.sqMean, this.deviations],
      workgroups: grid(this.be, this.P, 'swag_collect'),
    });
    this.n++;
    if (this.K > 0) {
      this.writeIndex = (this.writeIndex + 1) % this.K;
      this.rows = Math.min(this.rows + 1, this.K);
    }
  }

  /** Record `count` samples (indices first … first + count − 1) into out [count, P]; equals SwagState.sample. */
  sampleInto(out: Tensor, seed: number, first: number, c: number, count = 1): void {
    if (this.n === 0) throw new Error('SwagBackendState.sampleInto: no models collected');
    if (!(c >= 0)) throw new Error(`SwagBackendState.sampleInto: scale c must be ≥ 0, got ${c}`);
    if (out.size < count * this.P) throw new Error('SwagBackendState.sampleInto: output too small');
    const div = swagLowRankDivisor(this.K, this.rows, this.divisor);
    const workgroups = grid(this.be, count * this.P, 'swag_sample');
    this.be.runKernel({
      kernel: SAMPLE,
      entry: 'main',
      label: 'swag_sample',
      uniforms: [
        ['u', this.P],
        ['u', div > 0 ? this.rows : 0],
        ['u', seed >>> 0],
        ['u', first >>> 0],
        ['f', Math.sqrt(c)],
        ['f', div > 0 ? 1 / Math.sqrt(div) : 0],
        ['u', workgroups[0]],
        ['u', count],
      ],
      tensors: [this.mean, this.sqMean, this.deviations, out],
      workgroups,
    });
  }

  /** A fresh [count, P] tensor of samples (the caller releases it). */
  sample(seed: number, first: number, c: number, count = 1): Tensor {
    const out = this.be.empty([count, this.P], 'swag.samples');
    try {
      this.sampleInto(out, seed, first, c, count);
    } catch (e) {
      this.be.release(out); // a refused draw (no models yet, c < 0) must not leak the pooled buffer
      throw e;
    }
    return out;
  }

  async toState(): Promise<SwagState> {
    const s = new SwagState({ P: this.P, K: this.K, divisor: this.divisor });
    s.mean.set((await this.be.read(this.mean)) as Float32Array);
    s.sqMean.set((await this.be.read(this.sqMean)) as Float32Array);
    if (this.K > 0) s.deviations.set((await this.be.read(this.deviations)) as Float32Array);
    s.n = this.n;
    s.writeIndex = this.writeIndex;
    s.rows = this.rows;
    return s;
  }

  load(s: SwagState): void {
    if (s.P !== this.P || s.K !== this.K) throw new Error('SwagBackendState.load: shape mismatch');
    this.be.write(this.mean, s.mean);
    this.be.write(this.sqMean, s.sqMean);
    if (this.K > 0) this.be.write(this.deviations, s.deviations);
    this.n = s.n;
    this.writeIndex = s.writeIndex;
    this.rows = s.rows;
  }

  release(): void {
    for (const t of [this.mean, this.sqMean, this.deviations]) this.be.release(t);
  }
}

export interface McAverageTensors {
  /** [N, C] mean probabilities. */
  meanProbs: Tensor;
  /** [S, N] per-sample entropies. */
  sampleEntropy: Tensor;
  /** [N, 3]: H(p), mean_s H(p_s), mutual information. */
  summary: Tensor;
}

/** Record the Bayesian model average of input [S, N, C] (logits or probabilities); CPU twin: bayesAverage. */
export function mcAverageOnBackend(be: WebGpuBackend, input: Tensor, S: number, N: number, C: number, kind: 'logits' | 'probs'): McAverageTensors {
  if (input.size !== S * N * C) throw new Error(`mcAverageOnBackend: input has ${input.size} values, expected ${S * N * C}`);
  const [gx, gy] = grid(be, N, 'mc_average');
  if (gy > 1) throw new Error('mcAverageOnBackend: N too large for one dispatch');
  const out = {
    meanProbs: be.empty([N, C], 'bma.mean_probs'),
    sampleEntropy: be.empty([S, N], 'bma.sample_entropy'),
    summary: be.empty([N, 3], 'bma.summary'),
  };
  be.runKernel({
    kernel: MC_AVERAGE,
    entry: 'main',
    label: 'mc_average',
    uniforms: [
      ['u', S],
      ['u', N],
      ['u', C],
      ['u', kind === 'logits' ? 1 : 0],
    ],
    tensors: [input, out.meanProbs, out.sampleEntropy, out.summary],
    workgroups: [gx, 1, 1],
  });
  return out;
}
