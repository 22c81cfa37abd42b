// Shapes shared by the data layer: the Dataset the trainer consumes, parsed tables, options.
import type { TableRows } from './table_rows';

/** One labelled example. `label` is a class id (index into labelNames); -1 = unknown (ood only). */
export interface Example {
  text: string;
  textPair?: string;
  label: number;
}

export type SplitName = 'train' | 'validation' | 'test' | 'ood';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test', 'ood'];

export interface Dataset {
  id: string;
  name: string;
  labelNames: string[];
  splits: { train: Example[]; validation?: Example[]; test?: Example[]; ood?: Example[] };
}

/** Rows that were dropped instead of failing the whole file (skipBadRows). */
export interface SkippedRows {
  count: number;
  /** 1-based physical line numbers of the first few skipped rows. */
  firstLines: number[];
  /** Reasons for those first few, same order. */
  reasons: string[];
}

/** A delimited or JSON Lines file after parsing, before any column/label mapping. */
export interface ParsedTable {
  format: 'delimited' | 'jsonl';
  /** The field delimiter for delimited files, null for JSON Lines. */
  delimiter: string | null;
  hasHeader: boolean;
  /** Header names, or "column 1", "column 2", … for header-less files. */
  columns: string[];
  /** The rows, compactly (read with cellAt / rowCells / rowArrays from table_rows.ts). */
  rows: TableRows;
  /** 1-based physical line where each row starts (rows may span lines inside quotes). */
  lines: number[];
  skipped: SkippedRows;
  /** Things that did not stop the parse but the user should know (renamed header names, …). */
  warnings: DataWarning[];
  /** Bytes read. */
  bytes: number;
  fileName?: string;
}

/** A problem that does not stop parsing or training, shown before training (page and CLI). */
export interface DataWarning {
  code: 'RENAMED_COLUMNS' | 'SUSPICIOUS_LABEL' | 'JSON_ARRAY';
  message: string;
  /** Rows concerned, when counted. */
  count?: number;
  /** 1-based line of the first row concerned. */
  line?: number;
}

export interface ParseOptions {
  /** 'auto' sniffs from the name and the content. */
  format?: 'auto' | 'csv' | 'tsv' | 'jsonl';
  /** Force a delimiter; the file is then checked against it (WRONG_DELIMITER). */
  delimiter?: string;
  /** true / false forces; 'auto' detects (header-less files such as CoLA or AG News are common). */
  header?: 'auto' | boolean;
  /** 'auto': RFC 4180 quotes, but a field that merely starts with a quote (GLUE style) stays literal. */
  quote?: 'auto' | 'none';
  /** Drop malformed rows (ragged, invalid JSON) and report them instead of failing. */
  skipBadRows?: boolean;
  /** Refuse bigger files before reading (default 200 MB). */
  maxBytes?: number;
  /** Refuse a row (or a quoted field) longer than this many characters (default 4 Mi). */
  maxLineChars?: number;
  /** Fail with WRONG_DELIMITER when fewer columns are found (e.g. 2 when text + label are needed). */
  minColumns?: number;
  fileName?: string;
}

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_LINE_CHARS = 4 * 1024 * 1024;
/** How many skipped rows are listed by line number. */
export const MAX_LISTED_SKIPS = 5;

export interface ParseProgress {
  bytesRead: number;
  /** Unknown for streams of unknown length. */
  totalBytes?: number;
  rows: number;
}

/** Which columns hold the text, the optional second text, and the label (by name or 0-based index). */
export type ColumnRef = string | number;
export interface ColumnMapping {
  text: ColumnRef;
  textPair?: ColumnRef;
  /** May be omitted only for an ood split, whose labels are not needed. */
  label?: ColumnRef;
}

/** Class i is written `values[i]` in the file and shown as `labelNames[i]`. */
export interface LabelMapping {
  values: string[];
  labelNames: string[];
}
