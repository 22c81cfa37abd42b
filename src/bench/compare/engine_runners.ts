// Our side of the comparison, one object per backend and workload, so that an interleaved round can
// run "n more steps" of each: a LoRA-XS training step (forward with dropout, CE, backward, AdamW,
// loss read back, as the app's train loop runs it) and an inference forward (logits read back).
import type { Backend } from '../../engine/backend';
import { releaseBatch, uploadBatch } from '../../engine/bert/batch';
import { buildBertClassifier } from '../../engine/bert/build';
import { DEFAULT_OPTIMIZER, Trainer } from '../../engine/bert/train';
import { releaseClassifier } from '../../methods/common/build';
import { benchAdapters, syntheticBatch, type BenchModel } from '../bench_model';

export interface Workload { batch: number; seqLen: number; r: number }

export interface EngineRunner {
  /** One unit of work (a training step, or a forward); resolves when its result is on the host. */
  run(): Promise<number>;
  dispose(): void;
}

export function trainingRunner(be: Backend, model: BenchModel, w: Workload): EngineRunner {
  const clf = buildBertClassifier(be, model.config, model.weights, benchAdapters(w.r), { seed: 0, numLabels: 2 });
  const trainer = new Trainer(clf, DEFAULT_OPTIMIZER);
  const batch = uploadBatch(be, syntheticBatch(model.config, w.batch, w.seqLen, 7));
  return {
    async run() {
      const lossT = trainer.trainStep(batch);
      const loss = (await be.read(lossT))[0];
      be.release(lossT);
      return loss;
    },
    dispose() { releaseBatch(be, batch); releaseClassifier(clf); },
  };
}

export function forwardRunner(be: Backend, model: BenchModel, w: Workload): EngineRunner {
  const clf = buildBertClassifier(be, model.config, model.weights, benchAdapters(w.r), { seed: 0, numLabels: 2 });
  const batch = uploadBatch(be, syntheticBatch(model.config, w.batch, w.seqLen, 7));
  return {
    async run() {
      const logits = clf.predict(batch);
      const v = (await be.read(logits))[0];
      be.release(logits);
      return v;
    },
    dispose() { releaseBatch(be, batch); releaseClassifier(clf); },
  };
}
