// Test support: a classifier trained a few AdamW steps on a family's tiny fixture
// (tools/golden/family_fixtures.py; tiny-bert too), every module adapted, as the exporters get it:
// the run's tensors from classifierTensors (what the trainer writes), the engine's logits on
// padded sentence pairs, and the encoding they came from.
import { join } from 'node:path';
import { ADAPTER_MODULES, type AdapterMethod } from '../../engine/adapters/config';
import { uploadBatch } from '../../engine/bert/batch';
import { buildBertClassifier } from '../../engine/bert/build';
import { FIXTURE_DIR } from '../../engine/bert/testing/family_fixture';
import { DEFAULT_OPTIMIZER, Trainer } from '../../engine/bert/train';
import { CpuBackend } from '../../engine/cpu/backend';
import { classifierTensors } from '../../methods/common/build';
import type { RunResult } from '../../methods/run_types';
import { loadModel, type LoadedModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import type { BatchEncoding } from '../../model/tokenizer';
import type { TensorEntry } from '../peft_lora';

export const R = 4;
export const ALPHA = 8;
export const LABELS = 3;

const TRAIN: [string, string | null][] = [
  ['Hello world, hello there!', null],
  ['The quick brown fox jumps over the lazy dog.', 'Not bad at all.'],
  ['Café, naïve, résumé.', null],
  ['tokenization tokenizers', 'playing played plays'],
];
/** Pairs and single sentences of different lengths: padding, and a second segment, are exercised. */
export const EVAL: [string, string | null][] = [
  ['The café was not bad at all!', 'Would I go back? Probably.'],
  ['Short one.', null],
  ['naïve résumé and more words here', 'second segment'],
];

export interface TrainedFixture {
  dir: string;
  model: LoadedModel;
  enc: BatchEncoding;
  /** The engine's logits on enc, [EVAL.length, LABELS]. */
  logits: Float32Array;
  /** The run as the page and the CLI hand it to the exporters. */
  run: RunResult;
}

export async function trainedOnFixture(name: string, method: AdapterMethod, seed = 5): Promise<TrainedFixture> {
  const dir = join(FIXTURE_DIR, name);
  const model = await loadModel(nodeDirSource(dir), { includeOnnx: false });
  const be = new CpuBackend();
  const ac = { method, modules: [...ADAPTER_MODULES], layers: 'all' as const, r: R, alpha: ALPHA };
  const clf = buildBertClassifier(be, model.config, model.weights, ac, { seed, numLabels: LABELS });
  const upload = (e: BatchEncoding, labels?: Int32Array) =>
    uploadBatch(be, { batch: e.batch, seqLen: e.seqLen, ids: e.inputIds, typeIds: e.tokenTypeIds, mask: Float32Array.from(e.attentionMask), labels });
  const train = model.tokenizer.encodeBatch(TRAIN, { maxLength: 32, padding: 'longest' });
  const trainer = new Trainer(clf, { ...DEFAULT_OPTIMIZER, dropout: false, adapterLr: 5e-2, headLr: 5e-2 });
  const batch = upload(
    train,
    Int32Array.from(TRAIN, (_, i) => i % LABELS),
  );
  for (let s = 0; s < 4; s++) be.release(trainer.trainStep(batch));
  const enc = model.tokenizer.encodeBatch(EVAL, { maxLength: 32, padding: 'longest' });
  const logits = Float32Array.from((await be.read(clf.predict(upload(enc)))) as Float32Array);
  const adapters: TensorEntry[] = [...(await classifierTensors(clf))].map(([n, t]) => ({ name: n, shape: t.shape, data: t.data }));
  be.destroy();
  const run = {
    runId: `${name}-${method}`,
    method: { kind: method === 'loraxs' ? 'b-lora-xs' : 'lora', r: R, alpha: ALPHA, M: 1 },
    ...(model.family !== 'bert' ? { family: model.family } : {}),
    adapters,
  } as unknown as RunResult;
  return { dir, model, enc, logits, run };
}
