// B-LoRA-XS (SWAG over the LoRA-XS R matrices) and SWAG-LoRA (SWAG over all LoRA A and B):
// train, collect θ during the SWAG phase, then predict with the Bayesian model average over S
// posterior samples θ̃ = μ + √c(σ ⊙ z₁ + Dᵀz₂/√(K−1)) (docs/METHOD.md §3–4).
import type { AdapterMethod } from '../../engine/adapters/config';
import type { BertClassifier } from '../../engine/bert/model';
import type { SwagState } from '../../bayes/swag';
import { swagToTensors } from '../../bayes/swag_tensors';
import { METHOD_CATALOG, type MethodConfig } from '../config';
import type { MethodContext, MethodTrainer, TrainedMethod } from '../common/types';
import { adapterParamCount, buildClassifier, classifierTensors, releaseClassifier } from '../common/build';
import { trainLoop, type LoopResult } from '../common/train_loop';
import { predictSplit, type PredictOptions } from '../common/predict';
import { createSwagStore, type SwagStore } from '../common/swag_store';
import { sweepK } from './k_sweep';
import { getAdapterVector, setAdapterVector } from '../../engine/adapters/tensors';
import { posteriorStats } from '../../bayes/posterior_stats';
import { restrictSwag } from '../../bayes/swag_restrict';

export interface SwagTrajectory {
  model: BertClassifier;
  store: SwagStore;
  loop: LoopResult;
  P: number;
  /** θ at the last step (prediction overwrites the adapters with samples). */
  lastTheta: Float32Array;
  /** With `keepHistory`: the posterior as it stood after each collection (model selection over collections). */
  history?: SwagState[];
}

/** Train with SWAG collection. K only sizes the deviation buffer: it does not change training. */
export async function trainSwagTrajectory(ctx: MethodContext, method: AdapterMethod, K = ctx.method.K, keepHistory = false): Promise<SwagTrajectory> {
  const m = ctx.method;
  const model = buildClassifier(ctx, method, m.seed);
  const P = adapterParamCount(ctx, method);
  const store = createSwagStore(ctx.be, P, K);
  const history: SwagState[] | undefined = keepHistory ? [] : undefined;
  const collect = async (mod: BertClassifier) => {
    await store.collect(mod);
    // A copy per collection: a few K × P numbers, read back from the GPU where the posterior lives there.
    if (history) history.push(restrictSwag(await store.state(), K));
  };
  const loop = await trainLoop(ctx, model, m.seed, {
    startEpoch: m.swagStart,
    collect,
    save: () => store.saveState(),
    load: (s) => {
      store.loadState(s);
      // A resumed run collects again from its checkpoint: drop the posteriors kept after it.
      if (history) history.length = Math.min(history.length, store.n);
    },
  });
  // A short run whose cadence never fired still gets one model: the SWA mean of one point.
  if (store.n === 0) await collect(model);
  return { model, store, loop, P, lastTheta: await getAdapterVector(ctx.be, model.adapters), history };
}

/** The seed of a SWAG run's posterior draws. */
export const swagSampleSeed = (m: Pick<MethodConfig, 'seed'>) => (m.seed ^ 0x5a6a) >>> 0;

/** How a SWAG run predicts: S posterior draws of its sample seed (one at a time or stacked); a run restored from its tensors predicts the same way. */
export function swagPredictOptions(model: BertClassifier, store: SwagStore, m: MethodConfig): PredictOptions {
  const sampleSeed = swagSampleSeed(m);
  return {
    samples: m.S,
    beforeSample: (s) => store.applySample(model, sampleSeed, s, m.c),
    sampleGroup: (first, count) => store.sampleStacks(model, sampleSeed, first, count, m.c),
    redrawPerBatch: m.redrawPerBatch === 1,
  };
}

/** The Bayesian predictor over a collected posterior (the model's adapters are overwritten per sample). */
export function swagPredictor(ctx: MethodContext, t: SwagTrajectory, store: SwagStore, m: MethodConfig, ownsModel: boolean): TrainedMethod {
  const { model } = t;
  const sampleSeed = swagSampleSeed(m);
  let host: SwagState | null = null;
  const hostState = async () => (host ??= await store.state());
  return {
    trainableParams: t.P,
    posteriorParams: METHOD_CATALOG[m.kind].posteriorParams(t.P, m),
    warning: t.loop.diverged,
    async predict(split) {
      const bayes = await predictSplit(ctx, model, split, swagPredictOptions(model, store, m));
      // The single model at the posterior mean (SWA), for the side-by-side reliability curve.
      store.applyMean(model);
      if (ctx.options.meanModel === false) return bayes;
      const mean = await predictSplit(ctx, model, split, { samples: 1 });
      // The last iterate: LoRA-XS (or LoRA) on the very same schedule, the fair point-estimate baseline.
      setAdapterVector(ctx.be, model.adapters, t.lastTheta);
      const last = await predictSplit(ctx, model, split, { samples: 1 });
      store.applyMean(model);
      return { ...bayes, meanModelProbs: mean.probs, lastIterateProbs: last.probs };
    },
    async exportTensors() {
      store.applyMean(model);
      const out = await classifierTensors(model);
      for (const [name, t] of Object.entries(swagToTensors(await hostState()))) {
        if (t.data instanceof Float32Array) out.set(name, { shape: t.shape, data: t.data });
        else out.set(name, { shape: [1], data: Float32Array.of(Number(t.data[0])) });
      }
      return out;
    },
    covarianceEigenvalues: async () => Array.from((await hostState()).covarianceEigenvalues()),
    posteriorStats: async () => posteriorStats(await hostState(), t.lastTheta, [m.c]),
    kSweep: m.K >= 2 ? async (split) => sweepK(ctx, t, await hostState(), split, sampleSeed) : undefined,
    release: () => {
      store.release();
      if (ownsModel) releaseClassifier(model);
    },
  };
}

async function trainSwag(ctx: MethodContext, method: AdapterMethod): Promise<TrainedMethod> {
  const t = await trainSwagTrajectory(ctx, method);
  return swagPredictor(ctx, t, t.store, ctx.method, true);
}

export const bLoraXsMethod: MethodTrainer = { kind: 'b-lora-xs', train: (ctx) => trainSwag(ctx, 'loraxs') };
export const swagLoraMethod: MethodTrainer = { kind: 'swag-lora', train: (ctx) => trainSwag(ctx, 'lora') };
