// SWAG (docs/METHOD.md §3) and Bayesian-model-average kernels on the GPU, recorded through the shared
// WebGPU backend (src/engine/webgpu: runKernel joins the step's command encoder, tensors come from
// its pool), so collecting θ after an optimizer step and drawing θ̃ before a forward pass cost no
// extra submits or read-backs. Kernels: ./swag_kernels.ts. CPU twins: SwagState (../swag) and
// bayesAverage (../predictive). The scalar bookkeeping (n, ring write index, rows) lives on the host.

import type { Tensor } from '../../engine/backend';
import { grid1d } from '../../engine/webgpu/dispatch_grid';
import type { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { SwagState, swagLowRankDivisor, type SwagConfig, type SwagDivisor } from '../swag';
import { SWAG_KERNELS, SWAG_WG } from './swag_kernels';

/** One thread per element on the kernels' 2-D grid of WG-wide workgroups. */
function grid(be: WebGpuBackend, threads: number, what: string): [number, number, number] {
  return grid1d(Math.max(1, Math.ceil(threads / SWAG_WG)), be.ctx.device.limits.maxComputeWorkgroupsPerDimension, what);
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
    this.be.runKernel(SWAG_KERNELS.collect, {
      entry: 'main',
      label: 'swag_collect',
      uniforms: { P: this.P, n: this.n, write_row: this.writeIndex, has_deviations: this.K > 0 ? 1 : 0 },
      bindings: { theta, mean: this.mean, sq_mean: this.sqMean, deviations: this.deviations },
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
    this.be.runKernel(SWAG_KERNELS.sample, {
      entry: 'main',
      label: 'swag_sample',
      uniforms: {
        P: this.P,
        rows: div > 0 ? this.rows : 0,
        seed: seed >>> 0,
        first_sample: first >>> 0,
        sqrt_c: Math.sqrt(c),
        inv_sqrt_div: div > 0 ? 1 / Math.sqrt(div) : 0,
        count,
      },
      bindings: { mean: this.mean, sq_mean: this.sqMean, deviations: this.deviations, samples: out },
      workgroups: grid(this.be, count * this.P, 'swag_sample'),
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
  be.runKernel(SWAG_KERNELS.mcAverage, {
    entry: 'main',
    label: 'mc_average',
    uniforms: { S, N, C, input_is_logits: kind === 'logits' ? 1 : 0 },
    bindings: { inputs: input, mean_probs: out.meanProbs, sample_entropy: out.sampleEntropy, summary: out.summary },
    workgroups: [gx, 1, 1],
  });
  return out;
}
