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
}
