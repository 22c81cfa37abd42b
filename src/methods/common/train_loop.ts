// The optimisation loop shared by every method: epochs of seeded shuffled batches, the
// docs/METHOD.md §2 schedule (warm-up, decay, SWAG anneal), progress events, validation
// evaluations, pause/cancel between steps, a stop on a diverging loss that keeps the last
// good adapters and head, and optional early stopping on the validation NLL (keeping the best).
import type { BertClassifier } from '../../engine/bert/model';
import { Trainer } from '../../engine/bert/train';
import { releaseBatch } from '../../engine/bert/batch';
import { uploadSplitBatch } from './upload';
import { getAdapterVector, setAdapterVector } from '../../engine/adapters/tensors';
import { epochBatches } from './batches';
import { isCollectionStep, learningRateAt } from './schedule';
import type { MethodContext } from './types';
import { evaluateLoss } from './predict';
import type { SwagState } from '../../bayes/swag';
import type { LoopCheckpoint, LoopOutcome, Snapshot } from './train_checkpoint';

export interface SwagHooks {
  /** Epoch (0-based) at which the SWAG phase starts. */
  startEpoch: number;
  /** Called after each collection step (the store reads θ from the model's adapters). */
  collect(model: BertClassifier): Promise<void>;
  /** The posterior so far, copied to the host (checkpoints), and putting such a copy back. */
  save(): Promise<SwagState>;
  load(s: SwagState): void;
}

/**
 * steps: optimizer steps done; diverged: set when the loss became NaN or infinite (the last good
 * state was restored); note: set when early stopping kept an earlier state (it says which and why);
 * mapAtSwagStart: SWAG runs, the adapters and head just before the first SWAG-phase step (the MAP
 * iterate), so a LoRA-XS baseline can come from the same trajectory with the same learning-rate budget.
 */
export type LoopResult = LoopOutcome;
export type { Snapshot };

export async function snapshot(model: BertClassifier): Promise<Snapshot> {
  const heads = model.trainableParams().filter((p) => p.group === 'head');
  return {
    theta: await getAdapterVector(model.be, model.adapters),
    head: await Promise.all(heads.map(async (p) => (await model.be.read(p.tensor)).slice() as Float32Array)),
  };
}

export function restore(model: BertClassifier, s: Snapshot): void {
  setAdapterVector(model.be, model.adapters, s.theta);
  model
    .trainableParams()
    .filter((p) => p.group === 'head')
    .forEach((p, i) => model.be.write(p.tensor, s.head[i]));
}

export async function trainLoop(ctx: MethodContext, model: BertClassifier, seed: number, swag?: SwagHooks): Promise<LoopResult> {
  const { method: m, data, options, hooks, be } = ctx;
  const nTrain = data.train.labels.length;
  if (nTrain === 0) throw new Error('the training split is empty');
  const stepsPerEpoch = Math.ceil(nTrain / m.batch);
  const plannedSteps = m.epochs * stepsPerEpoch;
  const totalSteps = Math.min(plannedSteps, options.maxSteps ?? Infinity);
  const swagStartStep = swag ? Math.min(swag.startEpoch * stepsPerEpoch, Math.max(0, totalSteps - 1)) : undefined;
  const collectEvery = m.collectEverySteps > 0 ? m.collectEverySteps : stepsPerEpoch;
  const annealSteps = Math.round(m.swagAnnealEpochs * stepsPerEpoch);
  const sched = (peak: number, swagLr: number) => ({ peakLr: peak, totalSteps, warmupFraction: m.warmupFraction, swagStartStep, annealSteps, swagLr });
  const trainer = new Trainer(model, {
    adapterLr: m.lrAdapter,
    headLr: m.lrHead,
    weightDecay: m.weightDecay,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    dropoutSeed: seed,
    dropout: m.dropout > 0,
  });
  const evalEvery = options.evalEverySteps > 0 ? options.evalEverySteps : stepsPerEpoch;
  // Checkpoints (train_checkpoint.ts): an earlier attempt's state for this loop, if a fault ended it.
  const ck = ctx.checkpoints?.claim();
  const saved = ck?.saved;
  if (saved?.done) {
    trainer.release();
    restore(model, saved.params);
    if (swag && saved.swag) swag.load(saved.swag);
    return saved.done;
  }
  // A snapshot becomes the last good state once the next step's loss, computed with it, is finite.
  let lastGood = saved ? saved.lastGood : await snapshot(model);
  let candidate: Snapshot | null = saved?.candidate ?? null;
  let step = saved?.step ?? 0;
  const firstStep = step;
  const t0 = performance.now();
  let diverged: string | undefined;
  let note: string | undefined;
  let mapAtSwagStart: Snapshot | undefined = saved?.mapAtSwagStart;
  // Early stopping is for point estimates only (validateMethod refuses it with SWAG).
  const patience = swag || data.validation.labels.length === 0 ? 0 : m.earlyStopPatience;
  let best: { nll: number; step: number; state: Snapshot } | null = saved?.best ?? null;
  let sinceBest = saved?.sinceBest ?? 0;
  if (saved) {
    restore(model, saved.params);
    if (saved.optimizer) trainer.loadState(saved.optimizer);
    if (swag && saved.swag) swag.load(saved.swag);
  }
  const capture = async (done?: LoopOutcome): Promise<LoopCheckpoint> => ({
    step,
    params: await snapshot(model),
    optimizer: done ? undefined : await trainer.readState(),
    swag: swag ? await swag.save() : undefined,
    lastGood,
    candidate,
    best,
    sinceBest,
    mapAtSwagStart,
    done,
  });
  let batchNo = 0;
  try {
    outer: for (let epoch = 0; epoch < m.epochs; epoch++) {
      for (const idx of epochBatches(nTrain, m.batch, { seed, epoch })) {
        // A resumed loop skips the batches it already trained on (the order is a function of seed and epoch).
        if (batchNo++ < firstStep) continue;
        if (step >= totalSteps) break outer;
        await hooks.checkpoint();
        if (swag && step === swagStartStep) mapAtSwagStart = await snapshot(model);
        const { batch } = await uploadSplitBatch(ctx, model, data.train, idx, true);
        const lrA = learningRateAt(sched(m.lrAdapter, m.swagLr), step);
        // SWALR semantics (docs/METHOD.md §2): in the SWAG phase both groups anneal to swagLr.
        const lrH = learningRateAt(sched(m.lrHead, m.swagLr), step);
        const lossT = trainer.trainStep(batch, { adapter: lrA, head: lrH });
        const loss = (await be.read(lossT))[0];
        be.release(lossT);
        releaseBatch(be, batch);
        if (!Number.isFinite(loss)) {
          diverged = `the training loss became ${loss} at step ${step + 1}; training stopped and the last good adapters and head were kept`;
          restore(model, lastGood);
          break outer;
        }
        if (candidate) {
          lastGood = candidate;
          candidate = null;
        }
        if (swag && isCollectionStep(step, swagStartStep, collectEvery)) await swag.collect(model);
        hooks.did?.('train', idx.length);
        step++;
        const elapsed = (performance.now() - t0) / 1000;
        const exPerSec = ((step - firstStep) * m.batch) / Math.max(elapsed, 1e-9);
        hooks.progress({
          step,
          totalSteps,
          epoch,
          loss,
          lr: lrA,
          examplesPerSec: exPerSec,
          etaSec: ((totalSteps - step) * m.batch) / Math.max(exPerSec, 1e-9),
          phase: swagStartStep !== undefined && step > swagStartStep ? 'swag' : 'map',
        });
        if (step % evalEvery === 0 || step === totalSteps) {
          const ev = data.validation.labels.length > 0 && (hooks.evaluated || patience > 0) ? await evaluateLoss(ctx, model, data.validation) : null;
          if (ev) hooks.evaluated?.({ step, ...ev });
          candidate = await snapshot(model);
          if (ev && patience > 0) {
            if (!best || ev.nll < best.nll) {
              best = { nll: ev.nll, step, state: candidate };
              sinceBest = 0;
            } else if (++sinceBest >= patience && step < totalSteps) {
              restore(model, best.state);
              note = `stopped early at step ${step} of ${totalSteps}: the validation NLL had not improved for ${patience} evaluation${patience > 1 ? 's' : ''}; kept the step-${best.step} state (NLL ${best.nll.toFixed(4)})`;
              break outer;
            }
          }
        }
        if (ck && step < totalSteps && ctx.checkpoints?.due(step)) ctx.checkpoints.put(ck.slot, await capture());
      }
    }
  } finally {
    trainer.release();
  }
  // A run that ends on its own also keeps its best validation state when early stopping is on.
  if (!diverged && !note && best && best.step !== step) {
    restore(model, best.state);
    note = `early stopping kept the step-${best.step} state, the best validation NLL (${best.nll.toFixed(4)})`;
  }
  const result = { steps: step, diverged, note, mapAtSwagStart };
  if (ck) ctx.checkpoints?.put(ck.slot, await capture(result));
  return result;
}
