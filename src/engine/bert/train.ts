// One optimisation step: forward (dropout on), mean cross-entropy, backward, AdamW on adapters
// (adapterLr) and head (headLr). Returns the loss tensor [1]; nothing is read back.
import type { Tensor } from '../backend';
import type { BatchTensors } from './batch';
import { stepSeed } from './dropout_sites';
import type { BertClassifier, TrainableParam } from './model';

export interface OptimizerConfig {
  adapterLr: number;
  headLr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Base seed of the dropout masks; step t uses stepSeed(dropoutSeed, t). */
  dropoutSeed: number;
  /** Train with dropout (the usual setting); false for deterministic tests. */
  dropout: boolean;
}

/** AdamW's state: completed steps and the first and second moments, in trainableParams() order. */
export interface OptimizerState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export const DEFAULT_OPTIMIZER: OptimizerConfig = {
  adapterLr: 1e-3,
  headLr: 5e-3,
  weightDecay: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  dropoutSeed: 0,
  dropout: true,
};

export class Trainer {
  /** Number of completed steps (AdamW's t is step + 1 during a step). */
  step = 0;
  private readonly params: TrainableParam[];
  private readonly m: Tensor[];
  private readonly v: Tensor[];

  constructor(
    readonly model: BertClassifier,
    readonly opt: OptimizerConfig = DEFAULT_OPTIMIZER,
  ) {
    this.params = model.trainableParams();
    this.m = this.params.map((p) => model.be.zeros(p.tensor.shape, `adam.m.${p.name}`));
    this.v = this.params.map((p) => model.be.zeros(p.tensor.shape, `adam.v.${p.name}`));
  }

  /** `lr` overrides the configured learning rates for this step (schedules live with the caller). */
  trainStep(batch: BatchTensors, lr?: { adapter: number; head: number }): Tensor {
    if (!batch.labels) throw new Error('trainStep: the batch has no labels');
    const be = this.model.be,
      o = this.opt;
    const { logits, cache } = this.model.forward(batch, { dropout: o.dropout, seed: stepSeed(o.dropoutSeed, this.step), cache: true });
    const { loss, dLogits } = be.softmaxCrossEntropy(logits, batch.labels);
    const grads = this.model.backward(cache, dLogits);
    this.model.releaseCache(cache);
    be.release(logits);
    be.release(dLogits);
    const t = this.step + 1;
    this.params.forEach((p, i) => {
      const g = grads.get(p.name);
      if (!g) throw new Error(`trainStep: no gradient for ${p.name}`);
      const rate = p.group === 'adapter' ? (lr?.adapter ?? o.adapterLr) : (lr?.head ?? o.headLr);
      be.adamw(p.tensor, g, this.m[i], this.v[i], { lr: rate, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, step: t });
    });
    for (const g of grads.values()) be.release(g);
    this.step = t;
    be.flush();
    return loss;
  }

  /** AdamW's moments and step count on the host (a training checkpoint; see methods/common/train_checkpoint.ts). */
  async readState(): Promise<OptimizerState> {
    const be = this.model.be;
    const copy = async (t: Tensor) => (await be.read(t)).slice() as Float32Array;
    return { step: this.step, m: await Promise.all(this.m.map(copy)), v: await Promise.all(this.v.map(copy)) };
  }

  /** Put a state from readState back (on this or another backend: the moments are host arrays). */
  loadState(s: OptimizerState): void {
    if (s.m.length !== this.m.length || s.v.length !== this.v.length) throw new Error('Trainer.loadState: the optimizer state has other parameters');
    this.m.forEach((t, i) => this.model.be.write(t, s.m[i]));
    this.v.forEach((t, i) => this.model.be.write(t, s.v[i]));
    this.step = s.step;
  }

  release(): void {
    for (const t of [...this.m, ...this.v]) this.model.be.release(t);
  }
}
