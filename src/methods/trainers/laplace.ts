// L-LoRA-XS (docs/METHOD.md §8): a post-hoc Laplace approximation over the LoRA-XS R matrices of a
// trained MAP model. The GGN Λ = Σ Jᵀ(diag p − ppᵀ)J is accumulated from per-example backward
// passes of the vectors √p_c(e_c − p) (src/bayes/laplace.ts), on a seeded subset of the training
// data scaled to the full set; the prior precision maximises the Laplace evidence; prediction
// uses the linearized predictive z ~ N(z*, J(Λ + δI)⁻¹Jᵀ) with S logit samples per example.
import { adapterTrainables, getAdapterVector, setAdapterVector } from '../../engine/adapters/tensors';
import { releaseBatch } from '../../engine/bert/batch';
import { uploadSplitBatch } from '../common/upload';
import type { Tensor } from '../../engine/backend';
import type { BertClassifier } from '../../engine/bert/model';
import { GgnAccumulator, LaplacePosterior, ggnBackpropVectors, logitSampleProbs } from '../../bayes/laplace';
import { seededPermutation } from '../common/batches';
import type { MethodContext, MethodTrainer } from '../common/types';
import { METHOD_CATALOG, type MethodConfig } from '../config';
import { trainPointEstimate } from './deterministic';
import { softmaxRows, summarizeSamples, type DetailedPredictions } from '../common/predict';
import type { TokenizedSplit } from '../common/batches';

/** Examples used for the curvature (each costs one forward and C backward passes). */
export const LAPLACE_MAX_EXAMPLES = 256;

async function thetaGradient(model: BertClassifier, grads: Map<string, Tensor>, out: Float64Array, offset: number, scale: number): Promise<void> {
  let o = offset;
  for (const ad of model.adapters)
    for (const { name, tensor } of adapterTrainables(ad)) {
      const g = grads.get(name);
      if (!g) throw new Error(`laplace: no gradient for ${name}`);
      const host = (await model.be.read(g)) as Float32Array;
      for (let i = 0; i < tensor.size; i++) out[o + i] = host[i] * scale;
      o += tensor.size;
    }
}

/**
 * Visit examples one at a time with their logits and the θ-gradients of the given dLogits rows:
 * rows(p) gives M vectors [M, C]; G [M, P] holds Σ_θ of each (times gScale). One forward and M
 * backward passes per example: per-example curvature needs a batch of one.
 */
async function perExample(
  ctx: MethodContext,
  model: BertClassifier,
  P: number,
  split: TokenizedSplit,
  index: Int32Array,
  rows: (p: Float32Array) => Float64Array,
  gScale: number,
  visit: (k: number, logits: Float32Array, p: Float32Array, G: Float64Array, M: number) => void,
): Promise<void> {
  const be = ctx.be,
    C = model.numLabels;
  for (let k = 0; k < index.length; k++) {
    await ctx.hooks.checkpoint();
    const { batch } = await uploadSplitBatch(ctx, model, split, index.subarray(k, k + 1), false);
    const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
    const z = ((await be.read(logits)) as Float32Array).slice();
    const p = softmaxRows(z, C);
    const V = rows(p);
    const M = V.length / C;
    const G = new Float64Array(M * P);
    for (let c = 0; c < M; c++) {
      const dL = be.upload(Float32Array.from(V.subarray(c * C, (c + 1) * C)), [1, C], 'laplace.dLogits');
      const grads = model.backward(cache, dL);
      await thetaGradient(model, grads, G, c * P, gScale);
      for (const g of grads.values()) be.release(g);
      be.release(dL);
    }
    model.releaseCache(cache);
    be.release(logits);
    releaseBatch(be, batch);
    ctx.hooks.did?.('train', 1);
    visit(k, z, p, G, M);
  }
}

export async function fitLaplace(ctx: MethodContext, model: BertClassifier, P: number): Promise<{ posterior: LaplacePosterior; examples: number }> {
  const { data, method: m } = ctx;
  const N = data.train.labels.length;
  const n = Math.min(N, LAPLACE_MAX_EXAMPLES);
  const order = seededPermutation(N, m.seed, 0x1a91ace).subarray(0, n);
  // The subset's curvature and log-likelihood are scaled to the full training set.
  const scale = N / n;
  const acc = new GgnAccumulator(P, m.laplace.structure);
  let logLik = 0;
  await perExample(ctx, model, P, data.train, order, ggnBackpropVectors, Math.sqrt(scale), (k, _z, p, G, M) => {
    logLik += scale * Math.log(p[data.train.labels[order[k]]] + 1e-12);
    acc.addOuterRows(G, M);
    ctx.hooks.progress({ step: k + 1, totalSteps: n, epoch: 0, loss: NaN, lr: 0, examplesPerSec: 0, etaSec: 0, phase: 'posthoc' });
  });
  const posterior = new LaplacePosterior(acc, await getAdapterVector(ctx.be, model.adapters), logLik);
  posterior.tunePriorPrecision();
  return { posterior, examples: n };
}

/** One-hot rows e_c: their gradients are the Jacobian rows ∂z_c/∂θ. */
function identityRows(p: Float32Array): Float64Array {
  const C = p.length;
  const v = new Float64Array(C * C);
  for (let c = 0; c < C; c++) v[c * C + c] = 1;
  return v;
}

/**
 * The linearized (GLM) predictive: z ~ N(z*, J Σ Jᵀ) per example, S logit draws, averaged softmax.
 * Sampling the network's weights directly under a Laplace posterior underfits badly (Immer et al.,
 * 2021); the linearized predictive is the standard choice for Laplace.
 */
export async function linearizedPredict(
  ctx: MethodContext,
  model: BertClassifier,
  posterior: LaplacePosterior,
  split: TokenizedSplit,
  S: number,
  seed: number,
  more: { firstIndex?: number; keepSamples?: boolean } = {},
): Promise<DetailedPredictions> {
  const C = model.numLabels,
    n = split.labels.length,
    P = posterior.P;
  const samples = new Float32Array(S * n * C);
  const mapProbs = new Float32Array(n * C);
  const index = Int32Array.from({ length: n }, (_, i) => i);
  await perExample(ctx, model, P, split, index, identityRows, 1, (k, z, p, J) => {
    mapProbs.set(p, k * C);
    const cov = posterior.linearizedLogitCovariance(J, C);
    // Example k draws from stream k: rows cut from a larger split pass their place in it (firstIndex).
    const draws = logitSampleProbs(z, cov, S, seed, (more.firstIndex ?? 0) + k);
    for (let s = 0; s < S; s++) samples.set(draws.subarray(s * C, (s + 1) * C), (s * n + k) * C);
  });
  return { ...summarizeSamples(samples, S, C, split.labels), meanModelProbs: mapProbs, ...(more.keepSamples ? { sampleProbs: samples } : {}) };
}

/** The seed of a Laplace run's logit draws. */
export const laplaceSampleSeed = (m: Pick<MethodConfig, 'seed'>) => (m.seed ^ 0x1ace) >>> 0;

export const laplaceMethod: MethodTrainer = {
  kind: 'laplace',
  async train(ctx) {
    const m = ctx.method;
    const base = await trainPointEstimate(ctx, 'loraxs', m.seed);
    const model = base.model;
    const P = base.trainableParams;
    const { posterior } = await fitLaplace(ctx, model, P);
    const thetaMap = Float32Array.from(posterior.thetaMap);
    const sampleSeed = laplaceSampleSeed(m);
    return {
      ...base,
      posteriorParams: METHOD_CATALOG.laplace.posteriorParams(P, m),
      predict: (split) => linearizedPredict(ctx, model, posterior, split, m.S, sampleSeed),
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
