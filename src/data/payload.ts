// A data set as the trainer receives it: parsed, mapped to class ids, split. Structured-clone
// friendly (it travels to the training worker as is).

export interface ExampleRow {
  text: string;
  textPair?: string;
  label: number;
}

/** A data set as the worker receives it: already parsed and mapped to class ids. */
export interface DatasetPayload {
  id: string;
  name: string;
  labelNames: string[];
  train: ExampleRow[];
  validation: ExampleRow[];
  test: ExampleRow[];
  /** Out-of-distribution examples (labels may be meaningless; only scores are used). */
  ood: ExampleRow[];
  /** Rows dropped as malformed, per file (the CLI's --skip-bad-rows; kept in the run record). */
  skippedRows?: SkippedRowsReport[];
}

/** One file's dropped rows: parse (ragged, invalid JSON, repeated header) and mapping (empty text, bad label) together. */
export interface SkippedRowsReport {
  split: 'train' | 'validation' | 'test' | 'ood' | 'split';
  file: string;
  count: number;
  /** 1-based line numbers of the first few, in file order. */
  firstLines: number[];
  /** Why, for those first few. */
  reasons: string[];
}
