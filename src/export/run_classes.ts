// The class names every export of a run writes (predictions CSV, metrics, adapter metadata, the
// PEFT zip's labels.json, the model folder's config.json): the run's own, from RunResult.dataset in
// label-index order, never the data set loaded when the export is made (issue 22). A run stored
// before runs kept them writes Hugging Face's LABEL_i (the label indexes) and says so.
import type { DatasetIdentity } from '../data/dataset_identity';

export interface RunClasses {
  /** One name per class, in label-index order. */
  names: string[];
  /** false: the run does not know its class names, and `names` are LABEL_0, LABEL_1, … */
  known: boolean;
  /** Why they are not known (shown with the exports). */
  why?: string;
}

export const UNKNOWN_CLASSES =
  'this run was saved before runs kept their class names, so they are unknown: its exports name the classes by label index (LABEL_0, LABEL_1, …), not after the data set loaded now';

/** HF's own names for a head without label names (PretrainedConfig: LABEL_0 …). */
export function defaultLabelNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `LABEL_${i}`);
}

/** The run's class names; `n` is its number of classes (the head's rows) when known. */
export function runClassNames(r: { nClasses?: number; dataset?: DatasetIdentity }, n = r.nClasses): RunClasses {
  const names = r.dataset?.labelNames;
  const count = n ?? names?.length ?? 0;
  if (!names?.length) return { names: defaultLabelNames(count), known: false, why: UNKNOWN_CLASSES };
  if (names.length !== count)
    return {
      names: defaultLabelNames(count),
      known: false,
      why: `the run's ${count} classes do not match its ${names.length} recorded class names (${names.join(', ')}): its exports name the classes by label index`,
    };
  if (new Set(names).size !== names.length)
    return {
      names: defaultLabelNames(count),
      known: false,
      why: `the run's class names repeat (${names.join(', ')}): its exports name the classes by label index`,
    };
  return { names: [...names], known: true };
}

/** id2label / label2id as Hugging Face configs write them. */
export function labelMaps(names: readonly string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  return { id2label: Object.fromEntries(names.map((name, i) => [String(i), name])), label2id: Object.fromEntries(names.map((name, i) => [name, i])) };
}
