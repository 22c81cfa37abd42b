// B-LoRA-XS (SWAG over the LoRA-XS R matrices) and SWAG-LoRA (SWAG over all LoRA A and B):
// train, collect θ during the SWAG phase, then predict with the Bayesian model average over S
// posterior samples θ̃ = μ + √c(σ ⊙ z₁ + Dᵀz₂/√(K−1)) (METHOD.md §3–4).
import { setAdapterVector } from '../engine/adapters/tensors';
import type { AdapterMethod } from '../engine/adapters/config';
import { swagStoredParams } from '../engine/adapters/count';
import { SwagState } from '../bayes/swag';
import { swagToTensors } from '../bayes/swag_tensors';
import type { MethodContext, MethodModule, TrainedMethod } from './types';
import { adapterParamCount, buildClassifier, classifierTensors, releaseClassifier } from './common/build';
import { trainLoop } from './common/train_loop';
import { predictSplit } from './common/predict';
import { getAdapterVector } from '../engine/adapters/tensors';

async function trainSwag(ctx: MethodContext, method: AdapterMethod): Promise<TrainedMethod> {
  const m = ctx.method;
  const model = buildClassifier(ctx, method, m.seed);
  const P = adapterParamCount(ctx, method);
  const swag = new SwagState({ P, K: m.K });
  const loop = await trainLoop(ctx, model, m.seed, { startEpoch: m.swagStart, collect: (theta) => swag.collect(theta) });
  // A short run whose cadence never fired still gets one model: the SWA mean of one point.
  if (swag.n === 0) swag.collect(await getAdapterVector(ctx.be, model.adapters));
  const sampleSeed = (m.seed ^ 0x5a6a) >>> 0;
  const theta = new Float32Array(P);
  return {
    trainableParams: P,
    posteriorParams: swagStoredParams(P, m.K),
    warning: loop.diverged,
    async predict(split) {
      const bayes = await predictSplit(ctx, model, split, {
        samples: m.S,
        beforeSample: (s) => setAdapterVector(ctx.be, model.adapters, swag.sample(sampleSeed, s, m.c, theta)),
      });
      // The single model at the posterior mean (SWA), for the side-by-side reliability curve.
      setAdapterVector(ctx.be, model.adapters, swag.mean);
      const mean = await predictSplit(ctx, model, split, { samples: 1 });
      return { ...bayes, meanModelProbs: mean.probs };
    },
    async exportTensors() {
      setAdapterVector(ctx.be, model.adapters, swag.mean);
      const out = await classifierTensors(model);
      for (const [name, t] of Object.entries(swagToTensors(swag))) {
        if (t.data instanceof Float32Array) out.set(name, { shape: t.shape, data: t.data });
        else out.set(name, { shape: [1], data: Float32Array.of(Number(t.data[0])) });
      }
      return out;
    },
    covarianceEigenvalues: () => Array.from(swag.covarianceEigenvalues()),
    release: () => releaseClassifier(model),
  };
}

export const bLoraXsMethod: MethodModule = { kind: 'b-lora-xs', train: (ctx) => trainSwag(ctx, 'loraxs') };
export const swagLoraMethod: MethodModule = { kind: 'swag-lora', train: (ctx) => trainSwag(ctx, 'lora') };
