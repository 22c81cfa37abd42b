// Prediction shared by every method: deterministic or Monte-Carlo (S samples of the adapters,
// or S dropout masks), averaging probabilities (METHOD.md §4: p = mean_s softmax(logits_s)).
// Samples are drawn once per evaluation and reused across batches (equivalent in expectation).
import type { BertClassifier } from '../../engine/bert/model';
import { releaseBatch } from '../../engine/bert/batch';
import { uploadSplitBatch } from './upload';
import { epochBatches, type TokenizedSplit } from '../../train/batches';
import type { SplitPredictions } from '../../train/protocol';
import { accuracy, ece, entropy, meanOverSamples, mutualInformation, nll } from '../../metrics';
import type { MethodContext } from '../types';

const EVAL_BATCH = 64;

export interface PredictOptions {
  /** Number of predictive samples (1 = deterministic). */
  samples: number;
  /** Prepare sample s (e.g. write θ̃_s into the adapters) before its forward passes. */
  beforeSample?(s: number): void | Promise<void>;
  /** MC dropout: base seed of the test-time dropout masks. */
  mcDropoutSeed?: number;
  /** Temperature applied to the logits (temperature scaling). */
  temperature?: number;
}

/** Logits [N, C] of one pass over a split (dropout on when mcDropoutSeed is given). */
export async function splitLogits(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit, mcDropoutSeed?: number): Promise<Float32Array> {
  const C = model.numLabels;
  const n = split.labels.length;
  const out = new Float32Array(n * C);
  let batchNo = 0;
  for (const idx of epochBatches(n, EVAL_BATCH, null)) {
    await ctx.hooks.checkpoint();
    const { batch } = await uploadSplitBatch(ctx, model, split, idx, false);
    const logits = model.predict(batch, mcDropoutSeed === undefined ? undefined : mcDropoutSeed * 7919 + batchNo);
    const data = await ctx.be.read(logits);
    ctx.be.release(logits);
    releaseBatch(ctx.be, batch);
    out.set(data as Float32Array, idx[0] * C);
    batchNo++;
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
  const probs = S === 1 ? sampleProbs : meanOverSamples(sampleProbs, S, C);
  return {
    probs,
    labels,
    entropy: Float32Array.from(entropy(probs, C)),
    mutualInfo: S === 1 ? new Float32Array(labels.length) : Float32Array.from(mutualInformation(sampleProbs, S, C)),
  };
}

export async function predictSplit(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit, opts: PredictOptions): Promise<SplitPredictions> {
  const C = model.numLabels;
  const nc = split.labels.length * C;
  const all = new Float32Array(opts.samples * nc);
  for (let s = 0; s < opts.samples; s++) {
    await opts.beforeSample?.(s);
    const logits = await splitLogits(ctx, model, split, opts.mcDropoutSeed === undefined ? undefined : opts.mcDropoutSeed + s * 104729);
    softmaxRows(logits, C, opts.temperature ?? 1, all.subarray(s * nc, (s + 1) * nc));
  }
  return summarizeSamples(all, opts.samples, C, split.labels);
}

/** Deterministic validation metrics during training. */
export async function evaluateLoss(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit): Promise<{ loss: number; accuracy: number; ece: number; nll: number }> {
  const C = model.numLabels;
  const probs = softmaxRows(await splitLogits(ctx, model, split), C);
  const l = nll(probs, C, split.labels);
  return { loss: l, nll: l, accuracy: accuracy(probs, C, split.labels), ece: ece(probs, C, split.labels, { nBins: 15, binning: 'width' }) };
}
