// Our side of the comparison, one object per backend and workload, so that an interleaved round can
// run "n more steps" of each: a LoRA-XS training step (forward with dropout, CE, backward, AdamW,
// loss read back, as the app's train loop runs it) and an inference forward (logits read back).
import type { Backend } from '../../engine/backend';
import { releaseBatch, uploadBatch } from '../../engine/bert/batch';
import { buildBertClassifier } from '../../engine/bert/build';
import { DEFAULT_OPTIMIZER, Trainer } from '../../engine/bert/train';
import { releaseClassifier } from '../../methods/common/build';
import { benchAdapters, syntheticBatch, type BenchModel } from '../bench_model';

export interface Workload {
  batch: number;
  seqLen: number;
  r: number;
}

export interface EngineRunner {
  /** One unit of work (a training step, or a forward); resolves when its result is on the host. */
  run(): Promise<number>;
  dispose(): void;
}

/** The classifier the benchmarks run (LoRA-XS r on the bench sites, a seeded head) and its batch on `be`. */
export function benchSetup(be: Backend, model: BenchModel, w: Workload) {
  const clf = buildBertClassifier(be, model.config, model.weights, benchAdapters(w.r), { seed: 0, numLabels: 2 });
  const host = syntheticBatch(model.config, w.batch, w.seqLen, 7);
  const batch = uploadBatch(be, host);
  return {
    clf,
    host,
    batch,
    dispose: () => {
      releaseBatch(be, batch);
      releaseClassifier(clf);
    },
  };
}

export function trainingRunner(be: Backend, model: BenchModel, w: Workload): EngineRunner {
  const { clf, batch, dispose } = benchSetup(be, model, w);
  const trainer = new Trainer(clf, DEFAULT_OPTIMIZER);
  return {
    async run() {
      const lossT = trainer.trainStep(batch);
      const loss = (await be.read(lossT))[0];
      be.release(lossT);
      return loss;
    },
    dispose,
  };
}

export function forwardRunner(be: Backend, model: BenchModel, w: Workload): EngineRunner {
  const { clf, batch, dispose } = benchSetup(be, model, w);
  return {
    async run() {
      const logits = clf.predict(batch);
      const v = (await be.read(logits))[0];
      be.release(logits);
      return v;
    },
    dispose,
  };
}
