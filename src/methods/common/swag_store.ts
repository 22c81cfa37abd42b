// Where a SWAG posterior lives: on the host for the CPU backend (SwagState, θ read back per
// collection), on the GPU for the WebGPU backend (SwagBackendState: collection and sampling are
// kernels recorded into the step's encoder; the posterior is never read back to predict).
import type { BertClassifier } from '../../engine/bert/model';
import type { Tensor } from '../../engine/backend';
import { adapterStacksFromHost, type AdapterStacks } from '../../engine/adapters/stacks';
import { getAdapterVector, setAdapterVector } from '../../engine/adapters/tensors';
import { adapterStacksFromGpu } from '../../engine/webgpu/adapter_stacks';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { SwagState } from '../../bayes/swag';
import { SwagBackendState } from '../../bayes/gpu/swag_backend';
import { gatherTheta, scatterTheta } from './theta_gpu';

export interface SwagStore {
  readonly n: number;
  collect(model: BertClassifier): Promise<void>;
  /** Put posterior sample `index` (c = 0: the SWA mean) into the model's adapters. */
  applySample(model: BertClassifier, seed: number, index: number, c: number): void;
  applyMean(model: BertClassifier): void;
  /**
   * Samples first … first + count − 1 (the draws applySample makes) stacked for a grouped forward
   * (groupedLogits); the model's adapters are left alone. The caller releases the stacks.
   */
  sampleStacks(model: BertClassifier, seed: number, first: number, count: number, c: number): AdapterStacks;
  /** The posterior on the host (export, spectrum, K sweeps). */
  state(): Promise<SwagState>;
  /** A copy on the host that later collections leave alone (a training checkpoint). */
  saveState(): Promise<SwagState>;
  /** Replace the posterior with a saved one (resuming from a checkpoint, maybe on another backend). */
  loadState(s: SwagState): void;
  release(): void;
}

class HostSwagStore implements SwagStore {
  private readonly theta: Float32Array;
  constructor(readonly s: SwagState) {
    this.theta = new Float32Array(s.P);
  }
  get n() {
    return this.s.n;
  }
  async collect(model: BertClassifier) {
    this.s.collect(await getAdapterVector(model.be, model.adapters));
  }
  applySample(model: BertClassifier, seed: number, index: number, c: number) {
    setAdapterVector(model.be, model.adapters, this.s.sample(seed, index, c, this.theta));
  }
  applyMean(model: BertClassifier) {
    setAdapterVector(model.be, model.adapters, this.s.mean);
  }
  sampleStacks(model: BertClassifier, seed: number, first: number, count: number, c: number) {
    const P = this.s.P,
      thetas = new Float32Array(count * P);
    for (let g = 0; g < count; g++) this.s.sample(seed, first + g, c, thetas.subarray(g * P, (g + 1) * P));
    return adapterStacksFromHost(model.be, model.adapters, thetas);
  }
  async state() {
    return this.s;
  }
  async saveState() {
    return this.s.clone();
  }
  loadState(s: SwagState) {
    this.s.copyFrom(s);
  }
  release() {}
}

class GpuSwagStore implements SwagStore {
  private readonly theta: Tensor;
  constructor(
    readonly be: WebGpuBackend,
    readonly s: SwagBackendState,
  ) {
    this.theta = be.zeros([s.P], 'swag.theta');
  }
  get n() {
    return this.s.n;
  }
  async collect(model: BertClassifier) {
    gatherTheta(this.be, model.adapters, this.theta);
    this.s.collect(this.theta);
  }
  applySample(model: BertClassifier, seed: number, index: number, c: number) {
    this.s.sampleInto(this.theta, seed, index, c);
    scatterTheta(this.be, model.adapters, this.theta);
  }
  applyMean(model: BertClassifier) {
    scatterTheta(this.be, model.adapters, this.s.mean);
  }
  sampleStacks(model: BertClassifier, seed: number, first: number, count: number, c: number) {
    const thetas = this.s.sample(seed, first, c, count);
    const stacks = adapterStacksFromGpu(this.be, model.adapters, thetas, count);
    this.be.release(thetas);
    return stacks;
  }
  state() {
    return this.s.toState();
  }
  saveState() {
    return this.s.toState();
  }
  loadState(s: SwagState) {
    this.s.load(s);
  }
  release() {
    this.be.release(this.theta);
    this.s.release();
  }
}

export function createSwagStore(be: BertClassifier['be'], P: number, K: number): SwagStore {
  return be instanceof WebGpuBackend ? new GpuSwagStore(be, new SwagBackendState(be, { P, K })) : new HostSwagStore(new SwagState({ P, K }));
}

/** A store over an existing host posterior (e.g. restrictSwag's), uploaded to the GPU when the backend is one. */
export function storeFromState(be: BertClassifier['be'], s: SwagState): SwagStore {
  if (!(be instanceof WebGpuBackend)) return new HostSwagStore(s);
  const g = new SwagBackendState(be, { P: s.P, K: s.K, divisor: s.divisor });
  g.load(s);
  return new GpuSwagStore(be, g);
}
