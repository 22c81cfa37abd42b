// Prediction shared by every method: deterministic or Monte-Carlo (S samples of the adapters,
// or S dropout masks), averaging probabilities (docs/METHOD.md §4: p = mean_s softmax(logits_s)).
// Batches are the outer loop, so each batch's frozen work (its trunk features, or the embeddings)
// is computed once and shared by all S samples; sample s is the same draw in every batch (seeded),
// which equals drawing S samples once per evaluation. Posterior samples run either one pass each
// (beforeSample writes θ̃_s into the adapters) or, when the caller can stack them (sampleGroup,
// the SWAG methods), as grouped forwards over the S samples (groupedLogits: batch G·B from the
// lowest adapted layer on, G under a memory cap; the sample-independent work runs once per
// batch). On the WebGPU backend the S logits stay on the GPU and are averaged there (mc_average
// kernel); only the mean probabilities and the per-example entropy / mutual information are read back.
import type { BertClassifier } from '../../engine/bert/model';
import { releaseBatch, type BatchTensors } from '../../engine/bert/batch';
import type { Backend, Tensor } from '../../engine/backend';
import { releaseAdapterStacks, type AdapterStacks } from '../../engine/adapters/stacks';
import { groupedBytesPerSample, groupedLogits, SharedActivations } from '../../engine/bert/grouped_forward';
import { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';
import { mcAverageOnBackend } from '../../bayes/gpu/swag_backend';
import { bayesAverage } from '../../bayes/predictive';
import { uploadSplitBatch } from './upload';
import { EVAL_BATCH, epochBatches, type TokenizedSplit } from './batches';
import type { SplitPredictions } from '../run_types';
import { accuracy, ece, entropy, nll } from '../../metrics';
import type { MethodContext } from './types';

export interface PredictOptions {
  /** Number of predictive samples (1 = deterministic). */
  samples: number;
  /** Prepare sample s (e.g. write θ̃_s into the adapters) before its forward pass. */
  beforeSample?(s: number): void;
  /** MC dropout: base seed of the test-time dropout masks. */
  mcDropoutSeed?: number;
  /** Temperature applied to the logits (temperature scaling). */
  temperature?: number;
  /**
   * Samples first … first + count − 1 stacked for a grouped forward: the same draws beforeSample(s)
   * writes one at a time. When given (and samples > 1, no MC dropout) each batch runs grouped
   * forwards instead of S passes, and beforeSample is not called. The stacks are released here.
   */
  sampleGroup?(first: number, count: number): AdapterStacks;
  /** Byte cap of one activation tensor of a grouped forward; samples are split into chunks under it. */
  groupBytes?: number;
  /** Batch b uses samples b·S … b·S + S − 1 instead of 0 … S − 1 (the reference's fresh draws per batch). */
  redrawPerBatch?: boolean;
  /**
   * Number the split's batches from this one (default 0): rows cut from a larger split predict with
   * that split's dropout masks and redrawn samples (a test example predicted again, train/text_prediction.ts).
   */
  firstBatch?: number;
  /** Also give each sample's probabilities [S, N, C] and the expected entropy (1/S) Σ_s H(p_s) per example. */
  keepSamples?: boolean;
}

/** Predictions with what the samples were: the try-a-sentence panel draws them (PredictOptions.keepSamples). */
export interface DetailedPredictions extends SplitPredictions {
  /** Per-sample probabilities [S, N, C], sample-major. */
  sampleProbs?: Float32Array;
  /** (1/S) Σ_s H(p_s), the aleatoric part of the predictive entropy, [N]. */
  expectedEntropy?: Float32Array;
}

/**
 * Default cap of one grouped activation tensor. GPU: half of WebGPU's default
 * maxStorageBufferBindingSize, so a batch of samples fills the device. CPU: batching adds no
 * arithmetic speed there (the blocked matmul is already compute-bound at one eval batch) while
 * big fresh arrays cost page faults and cache misses (measured: 15 samples in one chunk were
 * slower than chunks of 1–2), so chunks stay small and save through the shared work alone.
 */
export const GPU_GROUP_BYTES = 64 * 2 ** 20;
export const CPU_GROUP_BYTES = 8 * 2 ** 20;

interface SampleChunk {
  first: number;
  count: number;
  stacks: AdapterStacks;
}

/** Draw the S samples in chunks whose largest activation (at the split's longest batch) stays under the cap. */
function drawChunks(be: Backend, model: BertClassifier, split: TokenizedSplit, S: number, opts: PredictOptions, offset = 0): SampleChunk[] {
  let seqLen = 1;
  for (const ids of split.ids) seqLen = Math.max(seqLen, ids.length);
  const rows = Math.min(EVAL_BATCH, split.labels.length) * seqLen;
  const gpu = be instanceof WebGpuBackend ? be : null;
  const cap = Math.min(opts.groupBytes ?? (gpu ? GPU_GROUP_BYTES : CPU_GROUP_BYTES), gpu?.ctx.limits.maxStorageBufferBindingSize ?? Infinity);
  const per = Math.max(1, Math.min(S, Math.floor(cap / groupedBytesPerSample(model, rows, seqLen))));
  const chunks: SampleChunk[] = [];
  try {
    for (let first = 0; first < S; first += per) {
      const count = Math.min(per, S - first);
      chunks.push({ first, count, stacks: opts.sampleGroup!(offset + first, count) });
    }
  } catch (e) {
    for (const c of chunks) releaseAdapterStacks(be, c.stacks);
    throw e;
  }
  return chunks;
}

/** Make the batch carry the hidden state entering `layer`, so every grouped chunk starts there. */
function shareHiddenAt(be: Backend, model: BertClassifier, batch: BatchTensors, layer: number): void {
  if (batch.trunk?.layer === layer) return;
  const hidden = model.trunkHidden(batch, layer);
  if (batch.trunk) be.release(batch.trunk.hidden);
  batch.trunk = { layer, hidden };
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
    ctx.hooks.did?.('forward', idx.length);
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
  return {
    probs: Float32Array.from(avg.meanProbs),
    labels,
    entropy: avg.predictiveEntropy,
    mutualInfo: S === 1 ? new Float32Array(labels.length) : avg.mutualInformation,
  };
}

export async function predictSplit(ctx: MethodContext, model: BertClassifier, split: TokenizedSplit, opts: PredictOptions): Promise<DetailedPredictions> {
  const C = model.numLabels,
    n = split.labels.length,
    S = opts.samples;
  if (S === 1 && !opts.beforeSample && opts.mcDropoutSeed === undefined) {
    const probs = softmaxRows(await splitLogits(ctx, model, split), C, opts.temperature ?? 1);
    const ent = Float32Array.from(entropy(probs, C));
    const out: DetailedPredictions = { probs, labels: split.labels, entropy: ent, mutualInfo: new Float32Array(n) };
    return opts.keepSamples ? { ...out, sampleProbs: probs.slice(), expectedEntropy: ent.slice() } : out;
  }
  const be = ctx.be;
  const gpu = be instanceof WebGpuBackend ? be : null;
  const grouped = !!opts.sampleGroup && S > 1 && opts.mcDropoutSeed === undefined;
  const redraw = !!opts.redrawPerBatch && opts.mcDropoutSeed === undefined;
  let chunks = grouped && !redraw ? drawChunks(be, model, split, S, opts) : [];
  const probs = new Float32Array(n * C),
    ent = new Float32Array(n),
    mi = new Float32Array(n);
  const keep = opts.keepSamples ? { probs: new Float32Array(S * n * C), expected: new Float32Array(n) } : null;
  /** Keep the per-sample probabilities of a batch's logits [S, B, C] at rows o … o + B − 1. */
  const keepSamples = (logits: Float32Array, o: number, B: number) => {
    const p = softmaxRows(logits, C);
    for (let s = 0; s < S; s++) keep!.probs.set(p.subarray(s * B * C, (s + 1) * B * C), (s * n + o) * C);
  };
  /** Sample logits [S, B, C] of one batch, averaged into probs / ent / mi at the batch's rows. */
  const predictBatch = async (idx: Int32Array, batchNo: number) => {
    const { batch } = await uploadSplitBatch(ctx, model, split, idx, false);
    const B = idx.length;
    const stack: Tensor | null = gpu ? gpu.empty([S, B, C], 'mc.logits') : null;
    const host = gpu ? null : new Float32Array(S * B * C);
    /** Put the logits of samples first … first + count − 1 ([count·B, C]) into the stack. */
    const put = async (logits: Tensor, first: number, count: number) => {
      if (gpu) gpu.withEncoder((enc) => enc.copyBufferToBuffer(gpu.bufferOf(logits), 0, gpu.bufferOf(stack!), first * B * C * 4, count * B * C * 4));
      else host!.set((await be.read(logits)) as Float32Array, first * B * C);
      be.release(logits);
    };
    if (grouped) {
      if (redraw) chunks = drawChunks(be, model, split, S, opts, batchNo * S);
      // Everything below the lowest adapted layer, and the work on shared inputs in it, runs once for all chunks.
      shareHiddenAt(be, model, batch, model.lowestAdaptedLayer());
      const shared = new SharedActivations(be);
      try {
        for (const c of chunks) await put(groupedLogits(model, batch, c.stacks, shared), c.first, c.count);
      } finally {
        shared.release();
        if (redraw) {
          for (const c of chunks) releaseAdapterStacks(be, c.stacks);
          chunks = [];
        }
      }
    } else {
      // Share the embeddings across the S passes (not under MC dropout, which drops out there too).
      if (!batch.trunk && opts.mcDropoutSeed === undefined && S > 1) batch.trunk = { layer: 0, hidden: model.trunkHidden(batch, 0) };
      for (let s = 0; s < S; s++) {
        opts.beforeSample?.(redraw ? batchNo * S + s : s);
        await put(model.predict(batch, opts.mcDropoutSeed === undefined ? undefined : (opts.mcDropoutSeed + s * 104729) * 7919 + batchNo), s, 1);
      }
    }
    const o = idx[0];
    if (gpu) {
      const avg = mcAverageOnBackend(gpu, stack!, S, B, C, 'logits');
      probs.set((await be.read(avg.meanProbs)) as Float32Array, o * C);
      const summary = (await be.read(avg.summary)) as Float32Array; // [B, 3]: H(p), mean H(p_s), MI
      for (let b = 0; b < B; b++) {
        ent[o + b] = summary[3 * b];
        mi[o + b] = summary[3 * b + 2];
        if (keep) keep.expected[o + b] = summary[3 * b + 1];
      }
      if (keep) keepSamples((await be.read(stack!)) as Float32Array, o, B);
      for (const t of [stack!, avg.meanProbs, avg.sampleEntropy, avg.summary]) be.release(t);
    } else {
      const avg = bayesAverage(host!, S, B, C, 'logits');
      probs.set(avg.meanProbs, o * C);
      ent.set(avg.predictiveEntropy, o);
      mi.set(avg.mutualInformation, o);
      if (keep) {
        keep.expected.set(avg.expectedEntropy, o);
        keepSamples(host!, o, B);
      }
    }
    releaseBatch(be, batch);
  };
  try {
    const firstBatch = opts.firstBatch ?? 0;
    let batchNo = 0;
    const nBatches = Math.ceil(n / EVAL_BATCH);
    const t0 = performance.now();
    // Monte-Carlo prediction can take minutes: its progress counts sample passes (samples × batches).
    const what = `predicting ${n} examples: ${S} samples × ${nBatches} batches`;
    for (const idx of epochBatches(n, EVAL_BATCH, null)) {
      await ctx.hooks.checkpoint();
      await predictBatch(idx, firstBatch + batchNo++);
      ctx.hooks.did?.('forward', idx.length * S);
      const secs = (performance.now() - t0) / 1000;
      const done = Math.min(n, batchNo * EVAL_BATCH);
      ctx.hooks.progress({
        step: batchNo * S,
        totalSteps: nBatches * S,
        epoch: 0,
        loss: NaN,
        lr: 0,
        phase: 'predict',
        what,
        examplesPerSec: done / Math.max(secs, 1e-9),
        etaSec: (secs / batchNo) * (nBatches - batchNo),
      });
    }
  } finally {
    for (const c of chunks) releaseAdapterStacks(be, c.stacks);
  }
  if (S === 1) mi.fill(0);
  return { probs, labels: split.labels, entropy: ent, mutualInfo: mi, ...(keep ? { sampleProbs: keep.probs, expectedEntropy: keep.expected } : {}) };
}

/** Deterministic validation metrics during training. */
export async function evaluateLoss(
  ctx: MethodContext,
  model: BertClassifier,
  split: TokenizedSplit,
): Promise<{ loss: number; accuracy: number; ece: number; nll: number }> {
  const C = model.numLabels;
  const probs = softmaxRows(await splitLogits(ctx, model, split), C);
  const l = nll(probs, C, split.labels);
  return { loss: l, nll: l, accuracy: accuracy(probs, C, split.labels), ece: ece(probs, C, split.labels, { nBins: 15, binning: 'width' }) };
}
