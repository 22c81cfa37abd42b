// Seeded stratified splitting and assembly of a Dataset from mapped files. Shuffles use the
// project's Philox RNG, so a (seed, data) pair always gives the same splits on every platform.
import { philoxUniform } from '../rng/philox';
import { catchDataError, DataErrorException, fail, type Result } from './errors';
import { inferLabels, mapTable, resolveColumn, resolveMapping } from './mapping';
import { columnValues, type TableRows } from './table_rows';
import type { ColumnMapping, DataWarning, Dataset, Example, LabelMapping, ParsedTable, SkippedRows, SplitName } from './types';

/** Philox stream reserved for data splitting (other streams belong to the trainer). */
const SPLIT_STREAM = 0x5d17;

export interface SplitFractions {
  validation: number;
  test: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { validation: 0.1, test: 0.1 };

/** Fisher–Yates with Philox uniforms; returns a new array. */
export function seededShuffle<T>(items: readonly T[], seed: number, stream = SPLIT_STREAM): T[] {
  return shuffleInPlace(items.slice(), seed, stream);
}

/** The same shuffle on an array the caller owns (no copy: splits of big files stay one array each). */
function shuffleInPlace<T>(out: T[], seed: number, stream: number): T[] {
  const u = philoxUniform(seed, stream, new Float32Array(out.length));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u[i] * (i + 1)));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** Split per class (same class balance in every part); input order does not leak into the split. */
export function stratifiedSplit(
  examples: readonly Example[],
  fractions: SplitFractions,
  seed: number,
): { train: Example[]; validation: Example[]; test: Example[] } {
  const byLabel = new Map<number, Example[]>();
  for (const e of examples) {
    if (!byLabel.has(e.label)) byLabel.set(e.label, []);
    byLabel.get(e.label)!.push(e);
  }
  const train: Example[] = [],
    validation: Example[] = [],
    test: Example[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const list = shuffleInPlace(byLabel.get(label)!, seed, SPLIT_STREAM + label + 1);
    const nVal = Math.round(list.length * fractions.validation);
    const nTest = Math.round(list.length * fractions.test);
    // A loop, not push(...slice): spreading one argument per row overflows the call stack past
    // about 130,000 rows of a class.
    for (let i = 0; i < list.length; i++) (i < nVal ? validation : i < nVal + nTest ? test : train).push(list[i]);
    byLabel.delete(label); // the class list is no longer needed: free it before the next one
  }
  // Mix classes again so the order is not grouped by label.
  return {
    train: shuffleInPlace(train, seed, SPLIT_STREAM - 1),
    validation: shuffleInPlace(validation, seed, SPLIT_STREAM - 2),
    test: shuffleInPlace(test, seed, SPLIT_STREAM - 3),
  };
}

/** One file and what to do with it: use it as a split, or ('split') cut train/validation/test from it. */
export interface DatasetPart {
  table: ParsedTable;
  mapping: ColumnMapping;
  split: SplitName | 'split';
}

export interface AssembleOptions {
  id: string;
  name: string;
  seed?: number;
  fractions?: SplitFractions;
  /** Display names / order of the classes. */
  labelNames?: string[];
  skipBadRows?: boolean;
  /** When train is given but validation or test is not, cut the missing ones from train (default true). */
  carveMissing?: boolean;
}

export interface AssembleReport {
  labels: LabelMapping;
  /** Rows dropped by mapping, per file name (or part index); `part` is the file's index in `parts`. */
  skipped: { file: string; part: number; skipped: SkippedRows }[];
  counts: Partial<Record<SplitName, number>>;
  /** The files' parse warnings (named by file) and the label warnings, to show before training. */
  warnings: DataWarning[];
}

/** Map every part with one shared label mapping and build the Dataset. Pure: inputs are not changed. */
export function assembleDataset(parts: readonly DatasetPart[], opts: AssembleOptions): Result<{ dataset: Dataset; report: AssembleReport }> {
  return catchDataError(() => {
    if (parts.length === 0) fail('EMPTY_SPLIT', 'No files: add a file with training data.');
    const seed = opts.seed ?? 0;
    const fractions = opts.fractions ?? DEFAULT_FRACTIONS;
    // One label mapping for all labelled parts, so ids agree across splits.
    const labelled = parts.filter((p) => p.split !== 'ood');
    if (labelled.length === 0) fail('EMPTY_SPLIT', 'Only an out-of-distribution file was given: add a file for training.');
    // The label set comes from the training data (a training file, or the file that is split): a
    // label only another split has would be a class the model never trains on, so it is refused
    // there as UNKNOWN_LABEL with its line.
    const training = labelled.filter((p) => p.split === 'train' || p.split === 'split');
    if (training.length === 0) fail('EMPTY_SPLIT', 'There is no training data: assign a file to "train", or let one file be split.');
    for (const p of parts) inPart(p, () => resolveMapping(p.table, p.mapping, p.split === 'ood'));
    const labelColumns: { rows: TableRows; li: number }[] = [];
    let labelColumn = 'label';
    for (const p of labelled) {
      if (p.mapping.label === undefined)
        fail('MISSING_COLUMN', `Choose the label column of "${p.table.fileName ?? 'the file'}".`, { available: [...p.table.columns], file: p.table.fileName });
      const li = resolveColumn(p.table, p.mapping.label, 'label');
      labelColumn = p.table.columns[li];
      if (training.includes(p)) labelColumns.push({ rows: p.table.rows, li });
    }
    // Read lazily: no array of every label value next to the table.
    const values = (function* () {
      for (const { rows, li } of labelColumns) yield* columnValues(rows, li);
    })();
    const inferred = inferLabels(values, labelColumn, opts.labelNames);
    const labels = inferred.labels;
    const warnings: DataWarning[] = [];
    parts.forEach((p, i) => {
      const file = p.table.fileName ?? `file ${i + 1}`;
      for (const w of p.table.warnings ?? []) warnings.push({ ...w, message: `${file}: ${w.message}` });
    });
    for (const w of inferred.warnings) warnings.push(w);

    const splits: Partial<Record<SplitName, Example[]>> = {};
    const skipped: AssembleReport['skipped'] = [];
    const add = (s: SplitName, ex: Example[]) => {
      const have = splits[s];
      if (!have) splits[s] = ex;
      else for (let i = 0; i < ex.length; i++) have.push(ex[i]); // a loop: no spread over row counts
    };
    parts.forEach((p, i) => {
      const m = mapTable(p.table, p.mapping, { labels, skipBadRows: opts.skipBadRows, unlabelled: p.split === 'ood' });
      if (!m.ok) fail(m.error.code, m.error.message, { ...m.error, file: m.error.file ?? p.table.fileName, split: p.split });
      if (m.value.skipped.count) skipped.push({ file: p.table.fileName ?? `file ${i + 1}`, part: i, skipped: m.value.skipped });
      if (p.split === 'split') {
        const s = stratifiedSplit(m.value.examples, fractions, seed);
        add('train', s.train);
        add('validation', s.validation);
        add('test', s.test);
      } else add(p.split, m.value.examples);
    });

    if (!splits.train?.length) fail('EMPTY_SPLIT', 'There is no training data: assign a file to "train", or let one file be split.');
    if (opts.carveMissing ?? true) {
      const need = { validation: !splits.validation?.length ? fractions.validation : 0, test: !splits.test?.length ? fractions.test : 0 };
      if (need.validation || need.test) {
        const s = stratifiedSplit(splits.train, need, seed + 1);
        splits.train = s.train;
        if (need.validation) splits.validation = s.validation;
        if (need.test) splits.test = s.test;
      }
    }
    const trainClasses = new Set(splits.train.map((e) => e.label));
    if (trainClasses.size < 2) {
      fail('ONE_CLASS', `The training split has only one class ("${labels.labelNames[[...trainClasses][0]]}"); a classifier needs at least two.`, {
        classes: trainClasses.size,
      });
    }
    const dataset: Dataset = {
      id: opts.id,
      name: opts.name,
      labelNames: labels.labelNames,
      splits: { train: splits.train, validation: splits.validation, test: splits.test, ood: splits.ood },
    };
    const counts = Object.fromEntries(Object.entries(splits).map(([k, v]) => [k, v!.length])) as AssembleReport['counts'];
    return { dataset, report: { labels, skipped, counts, warnings } };
  });
}

/** Run `f` for one part: an error it throws also says which file and split it is about. */
function inPart<T>(p: DatasetPart, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof DataErrorException)) throw e;
    throw new DataErrorException({ ...e.error, file: e.error.file ?? p.table.fileName, split: p.split });
  }
}

/** The worker protocol's DatasetPayload shape (every split an array). */
export function toDatasetPayload(d: Dataset): {
  id: string;
  name: string;
  labelNames: string[];
  train: Example[];
  validation: Example[];
  test: Example[];
  ood: Example[];
} {
  return {
    id: d.id,
    name: d.name,
    labelNames: d.labelNames,
    train: d.splits.train,
    validation: d.splits.validation ?? [],
    test: d.splits.test ?? [],
    ood: d.splits.ood ?? [],
  };
}
