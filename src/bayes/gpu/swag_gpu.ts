// SWAG state on the GPU (METHOD.md §3): collect θ from a GPU buffer and draw posterior samples
// straight into a GPU buffer, with no read-back. Kernels: shaders/swag_collect.wgsl and
// shaders/philox.wgsl + shaders/philox_normal.wgsl + shaders/swag_sample.wgsl; CPU twin: SwagState (../swag).
// The scalar bookkeeping (n, ring write index, rows) lives on the host.

import collectWgsl from '../../../shaders/swag_collect.wgsl?raw';
import philoxWgsl from '../../../shaders/philox.wgsl?raw';
import philoxNormalWgsl from '../../../shaders/philox_normal.wgsl?raw';
import sampleWgsl from '../../../shaders/swag_sample.wgsl?raw';
import { SwagState, swagLowRankDivisor, type SwagConfig, type SwagDivisor } from '../swag';
import { computePipeline, dispatch, grid64, readFloat32, storageBuffer } from './dispatch';

/** philox.wgsl (the shared Philox4x32-10) + philox_normal.wgsl (Box–Muller) + the sampler. */
export const SWAG_SAMPLE_WGSL = [philoxWgsl, philoxNormalWgsl, sampleWgsl].join('\n');

export class SwagGpu {
  readonly P: number;
  readonly K: number;
  readonly divisor: SwagDivisor;
  n = 0;
  writeIndex = 0;
  rows = 0;
  /** f32 [P]. */
  readonly mean: GPUBuffer;
  /** f32 [P], running mean of θ². */
  readonly sqMean: GPUBuffer;
  /** f32 [K, P] ring buffer (4 bytes when K = 0). */
  readonly deviations: GPUBuffer;

  constructor(readonly device: GPUDevice, cfg: SwagConfig) {
    if (!(cfg.P > 0) || !(cfg.K >= 0)) throw new Error(`SwagGpu: bad P=${cfg.P} K=${cfg.K}`);
    this.P = cfg.P;
    this.K = cfg.K;
    this.divisor = cfg.divisor ?? 'maxRows';
    this.mean = storageBuffer(device, 'swag.mean', this.P * 4, new Float32Array(this.P));
    this.sqMean = storageBuffer(device, 'swag.sq_mean', this.P * 4, new Float32Array(this.P));
    this.deviations = storageBuffer(device, 'swag.deviations', this.K * this.P * 4, new Float32Array(Math.max(1, this.K * this.P)));
  }

  /** Collect θ (an f32 [P] storage buffer). Recorded into `encoder` if given, else submitted. */
  collect(theta: GPUBuffer, encoder?: GPUCommandEncoder): void {
    const params = new Uint32Array([this.P, this.n, this.writeIndex, this.K > 0 ? 1 : 0]);
    const pipeline = computePipeline(this.device, 'swag_collect', collectWgsl);
    dispatch(this.device, pipeline, params.buffer, [theta, this.mean, this.sqMean, this.deviations], grid64(this.device, this.P), encoder);
    this.n++;
    if (this.K > 0) {
      this.writeIndex = (this.writeIndex + 1) % this.K;
      this.rows = Math.min(this.rows + 1, this.K);
    }
  }

  /**
   * Write `count` samples (indices firstSample … firstSample + count − 1) into `out` as f32 [count, P],
   * each equal to SwagState.sample(seed, index, c) up to f32 rounding of the transcendentals.
   */
  sampleInto(out: GPUBuffer, seed: number, firstSample: number, c: number, count = 1, encoder?: GPUCommandEncoder): void {
    if (this.n === 0) throw new Error('SwagGpu.sampleInto: no models collected');
    if (!(c >= 0)) throw new Error(`SwagGpu.sampleInto: scale c must be ≥ 0, got ${c}`);
    if (out.size < count * this.P * 4) throw new Error('SwagGpu.sampleInto: output buffer too small');
    const div = swagLowRankDivisor(this.K, this.rows, this.divisor);
    const [gx, gy] = grid64(this.device, count * this.P);
    const buf = new ArrayBuffer(32);
    const u = new Uint32Array(buf);
    const f = new Float32Array(buf);
    u[0] = this.P;
    u[1] = div > 0 ? this.rows : 0;
    u[2] = seed >>> 0;
    u[3] = firstSample >>> 0;
    f[4] = Math.sqrt(c);
    f[5] = div > 0 ? 1 / Math.sqrt(div) : 0;
    u[6] = gx;
    u[7] = count;
    const pipeline = computePipeline(this.device, 'swag_sample', SWAG_SAMPLE_WGSL);
    dispatch(this.device, pipeline, buf, [this.mean, this.sqMean, this.deviations, out], [gx, gy], encoder);
  }

  /** Read the state back into a CPU SwagState (for export, charts and tests). */
  async toState(): Promise<SwagState> {
    const s = new SwagState({ P: this.P, K: this.K, divisor: this.divisor });
    s.mean.set(await readFloat32(this.device, this.mean, this.P));
    s.sqMean.set(await readFloat32(this.device, this.sqMean, this.P));
    if (this.K > 0) s.deviations.set(await readFloat32(this.device, this.deviations, this.K * this.P));
    s.n = this.n;
    s.writeIndex = this.writeIndex;
    s.rows = this.rows;
    return s;
  }

  /** Upload a CPU state (same P and K), e.g. one restored from safetensors. */
  load(s: SwagState): void {
    if (s.P !== this.P || s.K !== this.K) throw new Error('SwagGpu.load: shape mismatch');
    this.device.queue.writeBuffer(this.mean, 0, s.mean);
    this.device.queue.writeBuffer(this.sqMean, 0, s.sqMean);
    if (this.K > 0) this.device.queue.writeBuffer(this.deviations, 0, s.deviations);
    this.n = s.n;
    this.writeIndex = s.writeIndex;
    this.rows = s.rows;
  }

  destroy(): void {
    this.mean.destroy();
    this.sqMean.destroy();
    this.deviations.destroy();
  }
}
