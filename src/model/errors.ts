// Typed, precise errors for model loading: the UI shows `message` and can branch on `code`.

export type ModelErrorCode =
  | 'missing_file' // a required file is absent (file says which)
  | 'unsupported_architecture' // model_type is not BERT-like, or the config lacks fields
  | 'bad_config' // config.json is not valid JSON / has invalid values
  | 'bad_tokenizer' // tokenizer files are unreadable or not a BERT WordPiece pipeline
  | 'bad_weights' // model.safetensors is corrupt, or a tensor is missing or has an unsupported dtype
  | 'tensor_shape' // a tensor has the wrong shape (tensor, expected, found)
  | 'too_large' // the model exceeds the size limit (found = its size in bytes)
  | 'fetch_failed' // a network error or an HTTP status other than 404
  | 'bad_source'; // e.g. an invalid Hugging Face model id

export interface ModelErrorInit {
  code: ModelErrorCode;
  message: string;
  file?: string;
  tensor?: string;
  expected?: string;
  found?: string;
  cause?: unknown;
}

export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly code: ModelErrorCode;
  readonly file?: string;
  readonly tensor?: string;
  readonly expected?: string;
  readonly found?: string;

  constructor(init: ModelErrorInit) {
    super(init.message, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.code = init.code;
    this.file = init.file;
    this.tensor = init.tensor;
    this.expected = init.expected;
    this.found = init.found;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
