// L-LoRA-XS (METHOD.md §8): a post-hoc Laplace approximation over the LoRA-XS R matrices of a
// trained MAP model. The GGN Λ = Σ Jᵀ(diag p − ppᵀ)J is accumulated from per-example backward
// passes of the vectors √p_c(e_c − p) (src/bayes/laplace.ts), on a seeded subset of the training
// data scaled to the full set; the prior precision maximises the Laplace evidence; prediction
// averages S samples θ ~ N(θ*, (Λ + δI)⁻¹).
import { adapterTrainables, getAdapterVector, setAdapterVector } from '../engine/adapters/tensors';
import { releaseBatch, uploadBatch } from '../engine/bert/batch';
import type { BertClassifier } from '../engine/bert/model';
import { GgnAccumulator, LaplacePosterior, ggnBackpropVectors } from '../bayes/laplace';
import { makeBatch, seededPermutation } from '../train/batches';
import type { MethodContext, MethodModule } from './types';
import { trainPointEstimate } from './deterministic';
import { predictSplit, softmaxRows } from './common/predict';

/** Examples used for the curvature (each costs one forward and C backward passes). */
export const LAPLACE_MAX_EXAMPLES = 256;

async function thetaGradient(model: BertClassifier, grads: Map<string, import('../engine/backend').Tensor>, out: Float64Array, offset: number, scale: number): Promise<void> {
  let o = offset;
  for (const ad of model.adapters) for (const { name, tensor } of adapterTrainables(ad)) {
    const g = grads.get(name);
    if (!g) throw new Error(`laplace: no gradient for ${name}`);
    const host = (await model.be.read(g)) as Float32Array;
    for (let i = 0; i < tensor.size; i++) out[o + i] = host[i] * scale;
    o += tensor.size;
  }
}

export async function fitLaplace(ctx: MethodContext, model: BertClassifier, P: number): Promise<{ posterior: LaplacePosterior; examples: number }> {
  const { be, data, method: m } = ctx;
  const N = data.train.labels.length;
  const n = Math.min(N, LAPLACE_MAX_EXAMPLES);
  const order = seededPermutation(N, m.seed, 0x1a91ace);
  const scale = N / n;
  const C = model.numLabels;
  const acc = new GgnAccumulator(P, m.laplace.structure);
  const G = new Float64Array(C * P);
  let logLik = 0;
  for (let k = 0; k < n; k++) {
    await ctx.hooks.checkpoint();
    const host = makeBatch(data.train, order.subarray(k, k + 1), ctx.model.tokenizer.padId);
    const batch = uploadBatch(be, { batch: 1, seqLen: host.seqLen, ids: host.inputIds, typeIds: host.tokenTypeIds, mask: host.mask });
    const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
    const p = softmaxRows((await be.read(logits)) as Float32Array, C);
    logLik += scale * Math.log(p[host.labels[0]] + 1e-12);
    const V = ggnBackpropVectors(p);
    for (let c = 0; c < C; c++) {
      const dL = be.upload(Float32Array.from(V.subarray(c * C, (c + 1) * C)), [1, C], 'laplace.dLogits');
      const grads = model.backward(cache, dL);
      await thetaGradient(model, grads, G, c * P, Math.sqrt(scale));
      for (const g of grads.values()) be.release(g);
      be.release(dL);
    }
    acc.addOuterRows(G, C);
    model.releaseCache(cache);
    be.release(logits);
    releaseBatch(be, batch);
    ctx.hooks.progress({ step: k + 1, totalSteps: n, epoch: 0, loss: NaN, lr: 0, examplesPerSec: 0, etaSec: 0, phase: 'posthoc' });
  }
  const posterior = new LaplacePosterior(acc, await getAdapterVector(be, model.adapters), logLik);
  posterior.tunePriorPrecision();
  return { posterior, examples: n };
}

export const laplaceMethod: MethodModule = {
  kind: 'laplace',
  async train(ctx) {
    const m = ctx.method;
    const base = await trainPointEstimate(ctx, 'loraxs', m.seed);
    const model = base.model;
    const P = base.trainableParams;
    const { posterior } = await fitLaplace(ctx, model, P);
    const thetaMap = Float32Array.from(posterior.thetaMap);
    const draw = new Float32Array(P);
    const sampleSeed = (m.seed ^ 0x1ace) >>> 0;
    return {
      ...base,
      posteriorParams: m.laplace.structure === 'full' ? P + (P * (P + 1)) / 2 : 2 * P,
      async predict(split) {
        const bayes = await predictSplit(ctx, model, split, {
          samples: m.S,
          beforeSample: (s) => setAdapterVector(ctx.be, model.adapters, posterior.sample(sampleSeed, s, draw)),
        });
        setAdapterVector(ctx.be, model.adapters, thetaMap);
        const map = await predictSplit(ctx, model, split, { samples: 1 });
        return { ...bayes, meanModelProbs: map.probs };
      },
      async exportTensors() {
        setAdapterVector(ctx.be, model.adapters, thetaMap);
        const out = await base.exportTensors();
        out.set('laplace.prior_precision', { shape: [1], data: Float32Array.of(posterior.delta) });
        out.set('laplace.ggn', { shape: m.laplace.structure === 'full' ? [P, P] : [P], data: Float32Array.from(posterior.ggn) });
        return out;
      },
    };
  },
};
