// Incremental tokenizer for delimited text (CSV, TSV, …). Text arrives in pieces; only complete
// rows are emitted and the unfinished tail is kept for the next piece, so any chunking of the
// same text yields the same rows.
//
// Quoting ('auto') follows RFC 4180 — "a, b" fields, "" escapes, embedded newlines — but leniently:
// a field that starts with a quote whose closing quote is not followed by a delimiter or a line
// end is taken literally (GLUE TSV files such as RTE have unquoted fields like `"Yes," he said`).

import { fail } from './errors';
import { DEFAULT_MAX_LINE_CHARS } from './types';

const QUOTE = 34,
  LF = 10,
  CR = 13;

export type RowSink = (fields: string[], line: number) => void;

export class DelimitedTokenizer {
  private buf = '';
  private line = 1;
  private readonly d: number;

  constructor(
    readonly delimiter: string,
    readonly quoting: boolean = true,
    /** A row (or a quoted field) longer than this is refused: no unbounded buffering or scan. */
    readonly maxChars: number = DEFAULT_MAX_LINE_CHARS,
    private readonly fileName?: string,
  ) {
    if (delimiter.length !== 1) throw new Error(`delimiter must be one character, got ${JSON.stringify(delimiter)}`);
    this.d = delimiter.charCodeAt(0);
  }

  /** Feed text; `final` marks the end of input (the last row may lack a line end). */
  push(text: string, final: boolean, emit: RowSink): void {
    this.buf = this.buf.length ? this.buf + text : text;
    let pos = 0;
    for (;;) {
      const end = this.row(pos, final, emit);
      if (end < 0) break;
      pos = end;
      if (pos >= this.buf.length) break;
    }
    // An unfinished row already over the limit will not get shorter: refuse it now.
    if (this.buf.length - pos > this.maxChars) this.tooLong();
    this.buf = this.buf.slice(pos);
  }

  private tooLong(): never {
    fail(
      'LINE_TOO_LONG',
      `Line ${this.line} is longer than ${this.maxChars.toLocaleString('en-US')} characters, the limit for one row. ` +
        'Is this really a CSV/TSV/JSON Lines file (a binary file, or one without line breaks)? Split the row, or raise the limit (maxLineChars).',
      { line: this.line, limit: this.maxChars, file: this.fileName },
    );
  }

  /** Parse one row at `p`; returns the position after it, or -1 when more text is needed. */
  private row(p: number, final: boolean, emit: RowSink): number {
    const s = this.buf,
      n = s.length,
      d = this.d;
    if (p >= n) return -1;
    const start = p;
    const fields: string[] = [];
    let newlines = 0;
    for (;;) {
      // Start of a field at p.
      if (this.quoting && s.charCodeAt(p) === QUOTE) {
        const q = this.quoted(start, p, final);
        if (q === null) return -1;
        if (q !== 'literal') {
          fields.push(q.value);
          newlines += q.newlines;
          p = q.end;
          if (p >= n) return this.finishRow(fields, start, n, newlines, emit); // final is true here
          const c = s.charCodeAt(p);
          if (c === d) {
            p++;
            continue;
          }
          return this.endLine(fields, start, p, newlines, final, emit);
        }
      }
      // Unquoted field: up to the next delimiter or line end.
      let i = p;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === d || c === LF || c === CR) break;
        i++;
      }
      if (i >= n) {
        if (!final) return -1;
        fields.push(s.slice(p, n));
        return this.finishRow(fields, start, n, newlines, emit);
      }
      fields.push(s.slice(p, i));
      if (s.charCodeAt(i) === d) {
        p = i + 1;
        continue;
      }
      return this.endLine(fields, start, i, newlines, final, emit);
    }
  }

  /** At a CR or LF at `i`: consume the line end (CRLF, LF or a lone CR) and emit the row. */
  private endLine(fields: string[], start: number, i: number, newlines: number, final: boolean, emit: RowSink): number {
    const s = this.buf;
    if (s.charCodeAt(i) === CR) {
      if (i + 1 >= s.length && !final) return -1; // can't tell CRLF from CR yet
      if (s.charCodeAt(i + 1) === LF) i++;
    }
    return this.finishRow(fields, start, i + 1, newlines, emit);
  }

  private finishRow(fields: string[], start: number, next: number, newlines: number, emit: RowSink): number {
    // The same limit whether the row arrived in one piece or many.
    if (next - start > this.maxChars + 2) this.tooLong();
    // A blank line is no row (but still a line).
    if (!(fields.length === 1 && fields[0] === '')) emit(fields, this.line);
    this.line += newlines + 1;
    return next;
  }

  private quotedTooLong(s: string, start: number, p: number): never {
    // The row starts on this.line; the field may start on a later line of it (after quoted breaks).
    let line = this.line;
    for (let i = s.indexOf('\n', start); i >= 0 && i < p; i = s.indexOf('\n', i + 1)) line++;
    fail(
      'FIELD_TOO_LONG',
      `The quoted field that starts on line ${line} runs past ${this.maxChars.toLocaleString('en-US')} characters, the limit for one row or field. ` +
        'If its opening quote is just text, read quotes as text (quote: none: “Quotes are text” on the page, --no-quotes in the CLI); otherwise shorten the field or raise the limit (maxLineChars; --max-line-chars).',
      { line, limit: this.maxChars, file: this.fileName },
    );
  }

  /** A quoted field at `p` (the opening quote): its value and end, 'literal' if it is not a proper
   *  quoted field, or null when the text so far cannot decide. */
  private quoted(start: number, p: number, final: boolean): { value: string; end: number; newlines: number } | 'literal' | null {
    const s = this.buf,
      n = s.length,
      d = this.d,
      max = this.maxChars;
    let value = '';
    let j = p + 1;
    for (;;) {
      const k = s.indexOf('"', j);
      if ((k < 0 && n - p > max) || k - p > max) this.quotedTooLong(s, start, p);
      if (k < 0) return final ? 'literal' : null;
      value += s.slice(j, k);
      if (k + 1 >= n) {
        if (!final) return null;
        return close(value, k + 1);
      }
      const c = s.charCodeAt(k + 1);
      if (c === QUOTE) {
        value += '"';
        j = k + 2;
        continue;
      }
      if (c === d || c === LF || c === CR) return close(value, k + 1);
      return 'literal';
    }
    function close(v: string, end: number) {
      let newlines = 0;
      for (let i = v.indexOf('\n'); i >= 0; i = v.indexOf('\n', i + 1)) newlines++;
      return { value: v.includes('\r\n') ? v.replace(/\r\n/g, '\n') : v, end, newlines };
    }
  }
}
