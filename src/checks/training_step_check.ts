// One full training step of BertClassifier (forward with dropout, cross-entropy, backward, AdamW on
// the adapters and the head) on two backends from the same adapter init, seed and batch, and the
// per-tensor relative error between them: logits, loss, every trainable gradient and every updated
// value. Runs in Node (training_step_check.test.ts) and in Chromium (engine-check.html).
import type { Backend, Tensor } from '../engine/backend';
import type { AdapterConfig } from '../engine/adapters/config';
import { initAdapters, type AdapterInit } from '../engine/adapters/init';
import { uploadBatch, releaseBatch, type BatchInput } from '../engine/bert/batch';
import { buildBertClassifier } from '../engine/bert/build';
import { stepSeed } from '../engine/bert/dropout_sites';
import { DEFAULT_OPTIMIZER, Trainer, type OptimizerConfig } from '../engine/bert/train';
import type { BertWeights } from '../engine/bert/weights';
import { philoxNormal } from '../rng/philox';
import type { BertConfig } from '../model/config';
import type { BertTokenizer } from '../model/tokenizer';
import { maxAbsDiff, relErrWhere, worstOf } from './measures';
import { relErr } from '../gpu/twin_compare';

export interface StepModel {
  config: BertConfig;
  weights: BertWeights;
  tokenizer: BertTokenizer;
}

/** What one backend computed in the step, on the host. */
interface StepResult {
  logits: Float32Array;
  loss: number;
  /** The loss Trainer.trainStep returned (same forward, so it must equal `loss`). */
  trainerLoss: number;
  grads: Map<string, Float32Array>;
  /** Learning rate each parameter was updated with. */
  lr: Map<string, number>;
  updated: Map<string, Float32Array>;
  /** max |updated − before| per parameter: the step really moved it. */
  moved: Map<string, number>;
}

export interface StepComparison {
  method: AdapterConfig['method'];
  loss: { a: number; b: number; relErr: number };
  logitsRelErr: number;
  /** Per trainable parameter (adapters first, then pooler.dense and classifier). */
  gradRelErr: Record<string, number>;
  /** Raw relative error of the updated values (can exceed the gradient's: see ill-conditioned entries). */
  updatedRelErr: Record<string, number>;
  /**
   * The same over the well-conditioned entries: AdamW's first update is lr·g/(|g| + eps), whose
   * sensitivity to g, lr·eps/(|g| + eps)², exceeds 1 when |g| + eps < √(lr·eps); there a rounding
   * difference in a near-zero gradient legitimately moves the update by up to lr.
   */
  updatedRelErrConditioned: Record<string, number>;
  /** Entries left out of updatedRelErrConditioned, and the total number of entries. */
  illConditioned: { entries: number; of: number };
  /** Smallest max |Δθ| over the parameters on backend b (> 0: every parameter was updated). */
  minMoved: number;
  /** Smallest max |gradient| over the parameters on backend b (> 0: no gradient is trivially zero). */
  minGradMax: number;
  /** |trainStep's loss − the checked forward's loss| on each backend (the step used these gradients). */
  trainerLossGap: { a: number; b: number };
  /** Largest of the loss, logits, gradient and well-conditioned update errors. */
  worst: number;
}

export const CHECK_TEXTS: [string, string | null][] = [
  ['the movie was fine', 'i would watch it again'],
  ['bad', null],
  ['a longer first segment with several words in it', 'and a second one'],
  ['short text here', null],
];
export const CHECK_LABELS = [0, 1, 2, 1];

/** Tokenized check batch with labels (padding 'longest', so masks are exercised). */
export function checkBatch(tok: BertTokenizer, maxLength: number, numLabels: number): BatchInput {
  const enc = tok.encodeBatch(CHECK_TEXTS, { maxLength, padding: 'longest' });
  return {
    batch: enc.batch,
    seqLen: enc.seqLen,
    ids: enc.inputIds,
    typeIds: enc.tokenTypeIds,
    mask: Float32Array.from(enc.attentionMask),
    labels: Int32Array.from(CHECK_LABELS, (l) => l % numLabels),
  };
}

/**
 * Adapter values both backends start from. LoRA's B is 0 at init, which would make every A
 * gradient zero; it gets small seeded values so A's gradient is checked too.
 */
export function checkAdapterInit(m: StepModel, ac: AdapterConfig, seed: number): AdapterInit[] {
  const inits = initAdapters(m.config, m.weights, ac, seed);
  if (ac.method !== 'lora') return inits;
  return inits.map((it, i) => {
    const b = philoxNormal(seed + 1, i, new Float32Array(it.b.length));
    for (let k = 0; k < b.length; k++) b[k] *= 0.05;
    return { ...it, b };
  });
}

async function host(be: Backend, t: Tensor): Promise<Float32Array> {
  return new Float32Array((await be.read(t)) as Float32Array);
}

async function stepOn(
  be: Backend,
  m: StepModel,
  ac: AdapterConfig,
  inits: AdapterInit[],
  input: BatchInput,
  opt: OptimizerConfig,
  numLabels: number,
): Promise<StepResult> {
  const model = buildBertClassifier(be, m.config, m.weights, ac, { seed: 7, numLabels, adapterInit: inits });
  const batch = uploadBatch(be, input);
  const params = model.trainableParams();
  const lr = new Map(params.map((p) => [p.name, p.group === 'adapter' ? opt.adapterLr : opt.headLr]));
  const before = new Map<string, Float32Array>();
  for (const p of params) before.set(p.name, await host(be, p.tensor));

  // The step's forward and backward, read back (Trainer.trainStep keeps them on the backend).
  const { logits, cache } = model.forward(batch, { dropout: opt.dropout, seed: stepSeed(opt.dropoutSeed, 0), cache: true });
  const { loss, dLogits } = be.softmaxCrossEntropy(logits, batch.labels!);
  const gradT = model.backward(cache, dLogits);
  const grads = new Map<string, Float32Array>();
  for (const p of params) {
    const g = gradT.get(p.name);
    if (!g) throw new Error(`training step check: no gradient for ${p.name}`);
    grads.set(p.name, await host(be, g));
  }
  const out = { logits: await host(be, logits), loss: (await host(be, loss))[0] };
  model.releaseCache(cache);
  for (const t of [logits, loss, dLogits, ...gradT.values()]) be.release(t);

  // The same step through the Trainer: it recomputes these gradients and applies AdamW.
  const trainer = new Trainer(model, opt);
  const trainerLoss = (await host(be, trainer.trainStep(batch)))[0];
  const updated = new Map<string, Float32Array>(),
    moved = new Map<string, number>();
  for (const p of params) {
    const v = await host(be, p.tensor);
    updated.set(p.name, v);
    moved.set(p.name, maxAbsDiff(v, before.get(p.name)!));
  }
  trainer.release();
  releaseBatch(be, batch);
  return { ...out, trainerLoss, grads, lr, updated, moved };
}

/** One training step on `a` and on `b` (the reference), compared tensor by tensor. */
export async function compareTrainingStep(
  a: Backend,
  b: Backend,
  m: StepModel,
  ac: AdapterConfig,
  opts: { seed?: number; numLabels?: number; maxLength?: number } = {},
): Promise<StepComparison> {
  const seed = opts.seed ?? 3,
    numLabels = opts.numLabels ?? 3;
  const input = checkBatch(m.tokenizer, opts.maxLength ?? 24, numLabels);
  const inits = checkAdapterInit(m, ac, seed);
  // Dropout on (masks are Philox, identical on both backends); rates large enough to move R.
  const opt: OptimizerConfig = { ...DEFAULT_OPTIMIZER, adapterLr: 1e-2, headLr: 5e-3, dropoutSeed: seed, dropout: true };
  const ra = await stepOn(a, m, ac, inits, input, opt, numLabels);
  const rb = await stepOn(b, m, ac, inits, input, opt, numLabels);
  const gradRelErr: Record<string, number> = {},
    updatedRelErr: Record<string, number> = {},
    updatedRelErrConditioned: Record<string, number> = {};
  const illConditioned = { entries: 0, of: 0 };
  for (const [name, g] of rb.grads) gradRelErr[name] = relErr(ra.grads.get(name)!, g);
  for (const [name, v] of rb.updated) {
    const u = ra.updated.get(name)!;
    updatedRelErr[name] = relErr(u, v);
    const floor = Math.sqrt(rb.lr.get(name)! * opt.eps) - opt.eps;
    const g = rb.grads.get(name)!;
    const r = relErrWhere(u, v, (i) => Math.abs(g[i]) >= floor);
    updatedRelErrConditioned[name] = r.relErr;
    illConditioned.entries += v.length - r.kept;
    illConditioned.of += v.length;
  }
  const lossRel = Math.abs(ra.loss - rb.loss) / Math.max(Math.abs(rb.loss), 1e-6);
  const logitsRelErr = relErr(ra.logits, rb.logits);
  return {
    method: ac.method,
    loss: { a: ra.loss, b: rb.loss, relErr: lossRel },
    logitsRelErr,
    gradRelErr,
    updatedRelErr,
    updatedRelErrConditioned,
    illConditioned,
    minMoved: Math.min(...rb.moved.values()),
    minGradMax: Math.min(...[...rb.grads.values()].map((g) => maxAbsDiff(g, new Float32Array(g.length)))),
    trainerLossGap: { a: Math.abs(ra.trainerLoss - ra.loss), b: Math.abs(rb.trainerLoss - rb.loss) },
    worst: Math.max(lossRel, logitsRelErr, worstOf(gradRelErr), worstOf(updatedRelErrConditioned)),
  };
}

/** One line for test logs: the worst error of each kind. */
export function stepSummary(c: StepComparison): string {
  const e = (x: number) => x.toExponential(2);
  const worst = (r: Record<string, number>) => e(worstOf(r));
  return (
    `${c.method}: loss ${c.loss.a} vs ${c.loss.b} (rel ${e(c.loss.relErr)}), logits rel ${e(c.logitsRelErr)}, ` +
    `worst gradient rel ${worst(c.gradRelErr)}, worst updated rel ${worst(c.updatedRelErrConditioned)} ` +
    `(raw ${worst(c.updatedRelErr)}; ${c.illConditioned.entries}/${c.illConditioned.of} ill-conditioned entries left out)`
  );
}
