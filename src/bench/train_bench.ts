// Training throughput of the engine on one backend: LoRA-XS steps (forward with dropout, loss,
// backward, AdamW) on a fixed synthetic batch, as the app's train loop runs them (the loss is read
// back after every step). Warm-up steps (pipeline builds, JIT, buffer pool) are not timed.
import type { Backend } from '../engine/backend';
import { buildBertClassifier } from '../engine/bert/build';
import { releaseBatch, uploadBatch } from '../engine/bert/batch';
import { DEFAULT_OPTIMIZER, Trainer } from '../engine/bert/train';
import { releaseClassifier } from '../methods/common/build';
import { benchAdapters, encoderShape, syntheticBatch, type BenchModel } from './bench_model';
import { trainStepFlops } from './flops';

export interface TrainBenchOptions {
  batch: number;
  seqLen: number;
  r: number;
  warmup: number;
  steps: number;
  log?: (line: string) => void;
}

export interface TrainBenchResult {
  batch: number;
  seqLen: number;
  r: number;
  warmup: number;
  steps: number;
  msPerStep: number;
  examplesPerSec: number;
  /** Analytic matrix-product FLOPs of one step (src/bench/flops.ts). */
  flopsPerStep: number;
  gflops: number;
  /** Loss of the last timed step (sanity: finite). */
  lastLoss: number;
}

const now = () => globalThis.performance.now();

export async function benchTraining(be: Backend, model: BenchModel, o: TrainBenchOptions): Promise<TrainBenchResult> {
  const ac = benchAdapters(o.r);
  const clf = buildBertClassifier(be, model.config, model.weights, ac, { seed: 0, numLabels: 2 });
  const trainer = new Trainer(clf, DEFAULT_OPTIMIZER);
  const batch = uploadBatch(be, syntheticBatch(model.config, o.batch, o.seqLen, 7));
  const step = async () => {
    const lossT = trainer.trainStep(batch);
    const loss = (await be.read(lossT))[0];
    be.release(lossT);
    return loss;
  };
  try {
    for (let i = 0; i < o.warmup; i++) {
      const t0 = now();
      await step();
      o.log?.(`  warm-up step ${i + 1}/${o.warmup}: ${(now() - t0).toFixed(0)} ms`);
    }
    let lastLoss = NaN;
    const t0 = now();
    for (let i = 0; i < o.steps; i++) lastLoss = await step();
    const msPerStep = (now() - t0) / o.steps;
    const flopsPerStep = trainStepFlops(encoderShape(model.config, ac, o.batch, o.seqLen));
    return {
      batch: o.batch,
      seqLen: o.seqLen,
      r: o.r,
      warmup: o.warmup,
      steps: o.steps,
      msPerStep,
      examplesPerSec: (o.batch * 1000) / msPerStep,
      flopsPerStep,
      gflops: flopsPerStep / (msPerStep * 1e6),
      lastLoss,
    };
  } finally {
    releaseBatch(be, batch);
    trainer.release();
    releaseClassifier(clf);
  }
}
