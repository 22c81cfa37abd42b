// Collects tokenized rows into a ParsedTable: header handling, ragged-row and bad-line checks,
// the skip log. Delimited and JSON Lines inputs each have a builder.
import { fail } from './errors';
import { RowsBuilder, type TableRows } from './table_rows';
import { DEFAULT_MAX_LINE_CHARS, type DataWarning, MAX_LISTED_SKIPS, type SkippedRows } from './types';

export class SkipLog {
  readonly skipped: SkippedRows = { count: 0, firstLines: [], reasons: [] };
  add(line: number, reason: string): void {
    this.skipped.count++;
    if (this.skipped.firstLines.length < MAX_LISTED_SKIPS) {
      this.skipped.firstLines.push(line);
      this.skipped.reasons.push(reason);
    }
  }
}

export function genericColumnNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `column ${i + 1}`);
}

/** Header names made unique and non-empty ("label", "label (2)", "column 3"). */
export function uniqueColumnNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.trim() || `column ${i + 1}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base} (${k})`;
  });
}

/** A warning naming the header cells that were empty or repeated, and what they became. */
export function renamedColumnsWarning(raw: string[], names: string[]): DataWarning | null {
  const changed = names.flatMap((n, i) => (n !== raw[i] ? [`${raw[i].trim() === '' ? 'empty name' : `"${raw[i]}"`} (column ${i + 1}) → "${n}"`] : []));
  if (changed.length === 0) return null;
  return {
    code: 'RENAMED_COLUMNS',
    message: `The header has empty or repeated column names, renamed: ${changed.join(', ')}.`,
    count: changed.length,
    line: 1,
  };
}

interface TableParts {
  columns: string[];
  rows: TableRows;
  lines: number[];
  skipped: SkippedRows;
  warnings: DataWarning[];
}

export class DelimitedTableBuilder {
  private columns: string[] | null = null;
  private rawHeader: string[] | null = null;
  private readonly rows = new RowsBuilder();
  readonly lines: number[] = [];
  private readonly log = new SkipLog();
  private readonly warnings: DataWarning[] = [];

  get rowCount(): number {
    return this.rows.count;
  }

  constructor(
    private readonly hasHeader: boolean,
    /** Field count for header-less files (the sniffed modal count). */
    private readonly expectedColumns: number,
    private readonly skipBadRows: boolean,
    private readonly fileName?: string,
  ) {}

  add(fields: string[], line: number): void {
    if (this.columns === null) {
      if (this.hasHeader) {
        this.rawHeader = fields;
        this.columns = uniqueColumnNames(fields);
        const renamed = renamedColumnsWarning(fields, this.columns);
        if (renamed) this.warnings.push({ ...renamed, line });
        return;
      }
      this.columns = genericColumnNames(this.expectedColumns);
    }
    const cols = this.columns;
    if (fields.length !== cols.length) {
      const what = this.hasHeader ? 'the header has' : 'the other rows have';
      const reason = `line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, but ${what} ${cols.length}`;
      if (this.skipBadRows) return this.log.add(line, reason);
      fail('RAGGED_ROW', `Ragged row: ${reason}. Quote fields that contain the delimiter or a line break, fix the row, or turn on "skip bad rows".`, {
        line,
        expected: cols.length,
        found: fields.length,
        file: this.fileName,
      });
    }
    // Concatenated files repeat their header: drop those rows, counted.
    if (this.rawHeader && fields.every((f, i) => f === this.rawHeader![i])) return this.log.add(line, `line ${line} repeats the header`);
    this.rows.add(fields);
    this.lines.push(line);
  }

  finish(): TableParts {
    return { columns: this.columns ?? [], rows: this.rows.finish(), lines: this.lines, skipped: this.log.skipped, warnings: this.warnings };
  }
}

function cellToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** JSON Lines: one object per line; columns are the keys in order of first appearance. */
export class JsonlTableBuilder {
  private readonly columns: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly rows = new RowsBuilder();
  readonly lines: number[] = [];
  private readonly log = new SkipLog();
  readonly warnings: DataWarning[] = [];

  get rowCount(): number {
    return this.rows.count;
  }

  constructor(
    private readonly skipBadRows: boolean,
    private readonly fileName?: string,
  ) {}

  addLine(text: string, line: number): void {
    const t = text.trim();
    if (t === '') return;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      return this.bad(line, `line ${line} is not valid JSON (${(e as Error).message})`);
    }
    this.addValue(v, line);
  }

  /** One parsed record (a JSON Lines line, or an element of a JSON array). */
  addValue(v: unknown, line: number): void {
    if (typeof v !== 'object' || v === null) return this.bad(line, `line ${line} is JSON but not an object or array`);
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`column ${i + 1}`, x]) : Object.entries(v);
    const row: string[] = new Array(this.columns.length).fill('');
    for (const [k, x] of entries) {
      let i = this.index.get(k);
      if (i === undefined) {
        i = this.columns.length;
        this.columns.push(k);
        this.index.set(k, i);
      }
      row[i] = cellToString(x);
    }
    this.rows.add(row);
    this.lines.push(line);
  }

  private bad(line: number, reason: string): void {
    if (this.skipBadRows) return this.log.add(line, reason);
    fail('INVALID_JSON', `Invalid JSON Lines file: ${reason}. Each line must hold one JSON object, or turn on "skip bad rows".`, { line, file: this.fileName });
  }

  finish(): TableParts {
    // Rows read before a key first appeared hold fewer cells; cellAt reads the missing ones as ''.
    return { columns: this.columns, rows: this.rows.finish(), lines: this.lines, skipped: this.log.skipped, warnings: this.warnings };
  }
}

/** Splits text into lines incrementally (LF or CRLF), keeping line numbers; a line over the
 *  limit is refused as soon as it is seen to be (no unbounded buffering). */
export class LineSplitter {
  private buf = '';
  private line = 1;
  constructor(
    private readonly maxChars = DEFAULT_MAX_LINE_CHARS,
    private readonly fileName?: string,
  ) {}
  push(text: string, final: boolean, emit: (line: string, lineNo: number) => void): void {
    this.buf += text;
    let start = 0;
    for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n', start)) {
      if (i - start > this.maxChars + 1) this.tooLong();
      emit(this.buf.slice(start, i).replace(/\r$/, ''), this.line++);
      start = i + 1;
    }
    if (this.buf.length - start > this.maxChars) this.tooLong();
    this.buf = this.buf.slice(start);
    if (final && this.buf.length) {
      emit(this.buf.replace(/\r$/, ''), this.line++);
      this.buf = '';
    }
  }

  private tooLong(): never {
    fail(
      'LINE_TOO_LONG',
      `Line ${this.line} is longer than ${this.maxChars.toLocaleString('en-US')} characters, the limit for one line. ` +
        'JSON Lines holds one record per line: is this a pretty-printed JSON file, or not JSON at all? Split the line, or raise the limit (maxLineChars).',
      { line: this.line, limit: this.maxChars, file: this.fileName },
    );
  }
}
