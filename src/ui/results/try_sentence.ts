// Try a sentence: which runs answer (the finished runs of the model loaded now), what each is sent
// (its stored tensors; the test example's place in its own test split when the text is one), and
// what the panel draws (the strip of sampled probabilities).
import { EVAL_BATCH } from '../../methods/common/batches';
import type { DatasetPayload, ExampleRow, TextPredictionRun } from '../../train/protocol';
import type { LiveRun } from '../runtime/lab_store';

/** The maximum sequence length of a run stored without its run options (the page's default). */
export const FALLBACK_MAX_LENGTH = 128;

/** A test example the user picked: its place in the test split of the data set stored under `hash`. */
export interface PickedExample {
  hash: string;
  index: number;
  row: ExampleRow;
  labelName: string;
  /** The rows of its evaluation batch (MC dropout's masks depend on them). */
  batch: ExampleRow[];
}

/** The finished runs trained on the model loaded now (the worker rebuilds them on it). */
export function sentenceRuns(runs: readonly LiveRun[], modelId: string | undefined): LiveRun[] {
  return runs.filter((r) => r.status === 'done' && r.result && modelId !== undefined && r.modelId === modelId);
}

/** Test example `index` of a run's stored data set. */
export function pickExample(hash: string, payload: DatasetPayload, index: number): PickedExample {
  const start = Math.floor(index / EVAL_BATCH) * EVAL_BATCH;
  const row = payload.test[index];
  return { hash, index, row, labelName: payload.labelNames[row.label] ?? `class ${row.label}`, batch: payload.test.slice(start, start + EVAL_BATCH) };
}

/** Is the text (and pair) the picked example, verbatim? */
export function isPicked(p: PickedExample | null, text: string, pair: string | undefined): p is PickedExample {
  return !!p && p.row.text === text && (p.row.textPair ?? undefined) === pair;
}

/** Does the picked example belong to this run's own test split? */
export function ownsExample(r: LiveRun, p: PickedExample | null): p is PickedExample {
  return !!p && r.inputs?.datasetHash === p.hash;
}

export function requestRuns(runs: readonly LiveRun[], picked: PickedExample | null, text: string, pair: string | undefined): TextPredictionRun[] {
  const verbatim = isPicked(picked, text, pair);
  return runs.map((r) => {
    const res = r.result!;
    return {
      runId: r.runId,
      method: res.method,
      nClasses: res.nClasses,
      adapters: res.adapters,
      maxLength: r.inputs?.options?.maxLength ?? FALLBACK_MAX_LENGTH,
      ...(verbatim && ownsExample(r, picked) ? { example: { index: picked.index, batch: picked.batch } } : {}),
    };
  });
}

/** The run's stored test probabilities of the picked example ([C]), when the example is in its test split. */
export function storedProbs(r: LiveRun, p: PickedExample | null): number[] | null {
  if (!ownsExample(r, p) || !r.result) return null;
  const C = r.result.nClasses;
  if (p.index >= r.result.test.labels.length) return null;
  return Array.from(r.result.test.probs.subarray(p.index * C, (p.index + 1) * C));
}

/**
 * The strip: each sample's probability of class 1 (two classes) or of the predicted class (the
 * argmax of the mean probabilities), with that class.
 */
export function stripValues(samples: Float32Array, S: number, probs: Float32Array): { cls: number; values: number[] } {
  const C = probs.length;
  let cls = 1;
  if (C !== 2) {
    cls = 0;
    for (let c = 1; c < C; c++) if (probs[c] > probs[cls]) cls = c;
  }
  return { cls, values: Array.from({ length: S }, (_, s) => samples[s * C + cls]) };
}
