// Prediction shared by every method: deterministic or Monte-Carlo (S samples of the adapters,
// or S dropout masks), averaging probabilities (METHOD.md §4: p = mean_s softmax(logits_s)).
// Batches are the outer loop and samples the inner one, so each batch's frozen work (its trunk
// features, or the embeddings) is computed once and shared by all S passes; sample s is the same
// draw in every batch (seeded), which equals drawing S samples once per evaluation. On the WebGPU
// backend the S logits stay on the GPU and are averaged there (mc_average kernel); only the mean
// probabilities and the per-example entropy / mutual information are read back.
import type { BertClassifier } from '../../engine/bert/model';
import { releaseBatch } from '../../engine/bert/batch';
import type { Tensor } from '../../engine/backend';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { mcAverageOnBackend } from '../../bayes/gpu/swag_backend';
import { bayesAverage } from '../../bayes/predictive';
import { uploadSplitBatch } from './upload';
import { epochBatches, type TokenizedSplit } from '../../train/batches';
import type { SplitPredictions } from '../../train/protocol';
import { accuracy, ece, entropy, nll } from '../../metrics';
import type { MethodContext } from '../types';

const EVAL_BATCH = 64;

export interface PredictOptions {
  /** Number of predictive samples (1 = deterministic). */
  samples: number;
  /** Prepare sample s (e.g. write θ̃_s into the adapters) before its forward pass. */
  beforeSample?(s: number): void;
  /** MC dropout: base seed of the test-time dropout masks. */
  mcDropoutSeed?: number;
  /** Temperature applied to the logits (temperature scaling). */
  temperature?: number;
}

/** Logits [N, C] of one deterministic pass over a split. */
export async function splitLogits(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit): Promise<Float32Array> {
  const C = model.numLabels;
  const out = new Float32Array(split.labels.length * C);
  for (const idx of epochBatches(split.labels.length, EVAL_BATCH, null)) {
    await ctx.hooks.checkpoint();
    const { batch } = await uploadSplitBatch(ctx, model, split, idx, false);
    const logits = model.predict(batch);
    out.set((await ctx.be.read(logits)) as Float32Array, idx[0] * C);
    ctx.be.release(logits);
    releaseBatch(ctx.be, batch);
  }
  return out;
}

export function softmaxRows(logits: Float32Array, C: number, temperature = 1, out = new Float32Array(logits.length)): Float32Array {
  for (let o = 0; o < logits.length; o += C) {
    let mx = -Infinity;
    for (let k = 0; k < C; k++) mx = Math.max(mx, logits[o + k] / temperature);
    let z = 0;
    for (let k = 0; k < C; k++) z += Math.exp(logits[o + k] / temperature - mx);
    for (let k = 0; k < C; k++) out[o + k] = Math.exp(logits[o + k] / temperature - mx) / z;
  }
  return out;
}

/** Turn per-sample probabilities [S, N, C] into the split's predictive summary. */
export function summarizeSamples(sampleProbs: Float32Array, S: number, C: number, labels: Int32Array): SplitPredictions {
  const avg = bayesAverage(sampleProbs, S, labels.length, C, 'probs');
  return { probs: Float32Array.from(avg.meanProbs), labels, entropy: avg.predictiveEntropy, mutualInfo: S === 1 ? new Float32Array(labels.length) : avg.mutualInformation };
}

export async function predictSplit(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit, opts: PredictOptions): Promise<SplitPredictions> {
  const C = model.numLabels, n = split.labels.length, S = opts.samples;
  if (S === 1 && !opts.beforeSample && opts.mcDropoutSeed === undefined) {
    const probs = softmaxRows(await splitLogits(ctx, model, split), C, opts.temperature ?? 1);
    return { probs, labels: split.labels, entropy: Float32Array.from(entropy(probs, C)), mutualInfo: new Float32Array(n) };
  }
  const be = ctx.be;
  const gpu = be instanceof WebGpuBackend ? be : null;
  const probs = new Float32Array(n * C), ent = new Float32Array(n), mi = new Float32Array(n);
  let batchNo = 0;
  for (const idx of epochBatches(n, EVAL_BATCH, null)) {
    await ctx.hooks.checkpoint();
    const { batch } = await uploadSplitBatch(ctx, model, split, idx, false);
    // Share the embeddings across the S passes (not under MC dropout, which drops out there too).
    if (!batch.trunk && opts.mcDropoutSeed === undefined && S > 1) batch.trunk = { layer: 0, hidden: model.trunkHidden(batch, 0) };
    const B = idx.length;
    const stack: Tensor | null = gpu ? gpu.empty([S, B, C], 'mc.logits') : null;
    const host = gpu ? null : new Float32Array(S * B * C);
    for (let s = 0; s < S; s++) {
      opts.beforeSample?.(s);
      const logits = model.predict(batch, opts.mcDropoutSeed === undefined ? undefined : (opts.mcDropoutSeed + s * 104729) * 7919 + batchNo);
      if (gpu) gpu.withEncoder((enc) => enc.copyBufferToBuffer(gpu.bufferOf(logits), 0, gpu.bufferOf(stack!), s * B * C * 4, B * C * 4));
      else host!.set((await be.read(logits)) as Float32Array, s * B * C);
      be.release(logits);
    }
    const o = idx[0];
    if (gpu) {
      const avg = mcAverageOnBackend(gpu, stack!, S, B, C, 'logits');
      probs.set((await be.read(avg.meanProbs)) as Float32Array, o * C);
      const summary = (await be.read(avg.summary)) as Float32Array; // [B, 3]: H(p), mean H(p_s), MI
      for (let b = 0; b < B; b++) { ent[o + b] = summary[3 * b]; mi[o + b] = summary[3 * b + 2]; }
      for (const t of [stack!, avg.meanProbs, avg.sampleEntropy, avg.summary]) be.release(t);
    } else {
      const avg = bayesAverage(host!, S, B, C, 'logits');
      probs.set(avg.meanProbs, o * C);
      ent.set(avg.predictiveEntropy, o);
      mi.set(avg.mutualInformation, o);
    }
    releaseBatch(be, batch);
    batchNo++;
  }
  if (S === 1) mi.fill(0);
  return { probs, labels: split.labels, entropy: ent, mutualInfo: mi };
}

/** Deterministic validation metrics during training. */
export async function evaluateLoss(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit): Promise<{ loss: number; accuracy: number; ece: number; nll: number }> {
  const C = model.numLabels;
  const probs = softmaxRows(await splitLogits(ctx, model, split), C);
  const l = nll(probs, C, split.labels);
  return { loss: l, nll: l, accuracy: accuracy(probs, C, split.labels), ece: ece(probs, C, split.labels, { nBins: 15, binning: 'width' }) };
}
