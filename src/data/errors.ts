// Typed data errors. Every failure of parsing, mapping or validation is reported as a DataError
// value (never as a half-modified data set), so the UI can show `message` and branch on `code`.

export type DataErrorCode =
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'INVALID_UTF8'
  | 'UNSUPPORTED_ENCODING'
  | 'LINE_TOO_LONG'
  | 'FIELD_TOO_LONG'
  | 'WRONG_DELIMITER'
  | 'MISSING_COLUMN'
  | 'RAGGED_ROW'
  | 'INVALID_JSON'
  | 'MISSING_TEXT'
  | 'MISSING_LABEL'
  | 'UNKNOWN_LABEL'
  | 'ONE_CLASS'
  | 'TOO_MANY_CLASSES'
  | 'NO_ROWS'
  | 'EMPTY_SPLIT'
  | 'READ_FAILED'
  | 'STORAGE_FAILED'
  | 'ABORTED';

/** Where in the input a problem was found (all optional: not every error has a place). */
export interface DataErrorDetails {
  /** 1-based physical line of the file. */
  line?: number;
  /** 0-based byte offset in the file. */
  byteOffset?: number;
  /** Column name (or index as a string) concerned. */
  column?: string;
  /** Columns that do exist, for MISSING_COLUMN. */
  available?: string[];
  /** Sizes in bytes, for FILE_TOO_LARGE. */
  size?: number;
  limit?: number;
  /** Expected vs found field counts, for RAGGED_ROW / WRONG_DELIMITER. */
  expected?: number;
  found?: number;
  /** Class count, for ONE_CLASS / TOO_MANY_CLASSES. */
  classes?: number;
  /** File name, when known. */
  file?: string;
  /** The split the file was given as ('split': the file cut into train / validation / test), when known. */
  split?: 'train' | 'validation' | 'test' | 'ood' | 'split';
  /** The path that could not be read, for READ_FAILED. */
  path?: string;
}

/** A plain, structured-clone-friendly error value (it crosses the worker boundary unchanged). */
export interface DataError extends DataErrorDetails {
  readonly kind: 'DataError';
  code: DataErrorCode;
  message: string;
}

export function dataError(code: DataErrorCode, message: string, details: DataErrorDetails = {}): DataError {
  return { kind: 'DataError', code, message, ...details };
}

export function isDataError(x: unknown): x is DataError {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'DataError';
}

/** Thrown inside the parsing pipeline and caught at its public edges, which return it as a value. */
export class DataErrorException extends Error {
  constructor(readonly error: DataError) {
    super(error.message);
    this.name = 'DataErrorException';
  }
}

export function fail(code: DataErrorCode, message: string, details: DataErrorDetails = {}): never {
  throw new DataErrorException(dataError(code, message, details));
}

/** Success or a DataError, never both. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: DataError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T>(error: DataError): Result<T> {
  return { ok: false, error };
}

/** Run `f`, turning a thrown DataErrorException into an error value; other exceptions propagate. */
export function catchDataError<T>(f: () => T): Result<T> {
  try {
    return ok(f());
  } catch (e) {
    if (e instanceof DataErrorException) return err(e.error);
    throw e;
  }
}

export async function catchDataErrorAsync<T>(f: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await f());
  } catch (e) {
    if (e instanceof DataErrorException) return err(e.error);
    throw e;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}
