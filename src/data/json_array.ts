// A JSON file holding one array of records (`[{…}, {…}]`, on one line or pretty-printed), read
// element by element as text arrives: each element is parsed on its own, so the file is never
// held whole, and rows keep the line where their element starts.
import { fail } from './errors';
import { DEFAULT_MAX_LINE_CHARS } from './types';

const OPEN_BRACE = 123,
  CLOSE_BRACE = 125,
  OPEN_BRACKET = 91,
  CLOSE_BRACKET = 93,
  QUOTE = 34,
  BACKSLASH = 92,
  COMMA = 44,
  LF = 10;

export class JsonArraySplitter {
  private buf = '';
  /** Position in buf up to which the current element was scanned. */
  private scan = 0;
  private state: 'before' | 'between' | 'element' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private elementLine = 1;

  constructor(
    private readonly maxChars = DEFAULT_MAX_LINE_CHARS,
    private readonly fileName?: string,
  ) {}

  push(text: string, final: boolean, emit: (element: string, line: number) => void): void {
    const inElement = this.state === 'element';
    this.buf = inElement ? this.buf + text : text;
    let i = inElement ? this.scan : 0;
    let start = inElement ? 0 : -1;
    const s = this.buf;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) this.line++;
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) this.inString = false;
          continue;
        }
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--this.depth === 0) {
            emit(s.slice(start, i + 1), this.elementLine);
            this.state = 'between';
            start = -1;
          }
        } else if (this.depth === 0 && c === COMMA) this.bad(`a value that is not an object at line ${this.elementLine}`);
        continue;
      }
      if (c <= 32) continue; // whitespace between elements
      if (this.state === 'before') {
        if (c !== OPEN_BRACKET) this.bad('it does not start with "["');
        this.state = 'between';
      } else if (this.state === 'between') {
        if (c === COMMA) continue;
        if (c === CLOSE_BRACKET) this.state = 'after';
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.state = 'element';
          this.depth = 1;
          this.elementLine = this.line;
          start = i;
        } else this.bad(`line ${this.line} holds a value that is not an object`);
      } else this.bad(`there is more after the closing "]" (line ${this.line})`);
    }
    // Keep only the unfinished element.
    if (this.state === 'element') {
      this.buf = s.slice(start);
      this.scan = this.buf.length;
      if (this.buf.length > this.maxChars)
        fail(
          'LINE_TOO_LONG',
          `The record that starts on line ${this.elementLine} is longer than ${this.maxChars.toLocaleString('en-US')} characters, the limit for one row. Raise the limit (maxLineChars) or split it.`,
          { line: this.elementLine, limit: this.maxChars, file: this.fileName },
        );
    } else {
      this.buf = '';
      this.scan = 0;
    }
    if (final && this.state !== 'after') this.bad(this.state === 'before' ? 'it is empty' : 'it ends before its closing "]" (truncated?)');
  }

  private bad(why: string): never {
    fail('INVALID_JSON', `This JSON file is read as one array of records, but ${why}.`, { line: this.line, file: this.fileName });
  }
}

/** Does the text start (after white space) with a JSON array? */
export function looksLikeJsonArray(sample: string): boolean {
  return /^\s*\[\s*(\{|\[|\]|$)/.test(sample);
}
