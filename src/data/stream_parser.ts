// The one parser behind every entry point (string, bytes, Blob, stream, Node file): bytes are
// decoded incrementally, the first SAMPLE_CHARS characters decide format / delimiter / header,
// then text flows through the tokenizer into a table builder. Errors are thrown as
// DataErrorException and turned into values by the drivers in parse.ts.
import { fail } from './errors';
import { DelimitedTokenizer } from './delimited';
import { delimiterName, detectHeader, extensionOf, looksLikeJsonLines, rankDelimiters, sampleRows } from './sniff';
import { DelimitedTableBuilder, JsonlTableBuilder, LineSplitter } from './table_builder';
import type { ParseOptions, ParsedTable } from './types';
import { ByteFront } from './byte_front';
import { JsonArraySplitter, looksLikeJsonArray } from './json_array';

const SAMPLE_CHARS = 64 * 1024;
/** Long rows (e-mails in CSV) may need a bigger sample: it doubles up to this. */
const MAX_SAMPLE_CHARS = 4 * 1024 * 1024;
const SAMPLE_MIN_ROWS = 5;

export class StreamingTableParser {
  private readonly front: ByteFront;
  private pending = '';
  private started = false;
  /** Text came in directly (parseText): there are no bytes to flush at the end. */
  private textInput = false;
  private sawContent = false;
  private bytes = 0;
  private tokenizer: DelimitedTokenizer | null = null;
  private lines: LineSplitter | null = null;
  private array: JsonArraySplitter | null = null;
  private delimited: DelimitedTableBuilder | null = null;
  private jsonl: JsonlTableBuilder | null = null;
  private delimiter: string | null = null;
  private hasHeader = false;

  constructor(private readonly options: ParseOptions = {}) {
    this.front = new ByteFront(options, (text) => this.pushText(text, false));
  }

  /** Rows parsed so far (for progress). */
  get rowCount(): number {
    return (this.delimited?.rowCount ?? 0) + (this.jsonl?.rowCount ?? 0);
  }

  get bytesRead(): number {
    return this.bytes;
  }

  pushBytes(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.front.push(chunk, false);
  }

  /** Text input (already decoded). A leading BOM is dropped, as the byte path does. */
  pushText(text: string, countBytes = true): void {
    if (countBytes) {
      this.bytes += text.length; // approximate for text input; exact for bytes
      this.textInput = true;
    }
    if (!this.started && this.pending.length === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!this.sawContent && /\S/.test(text)) this.sawContent = true;
    if (!this.started) {
      this.pending += text;
      this.tryStart(false);
      return;
    }
    this.feed(text, false);
  }

  finish(): ParsedTable {
    if (this.bytes > 0 && !this.textInput) this.front.push(new Uint8Array(0), true);
    const name = this.options.fileName ? `"${this.options.fileName}"` : 'The file';
    if (this.bytes === 0) fail('EMPTY_FILE', `${name} is empty (0 bytes).`, { file: this.options.fileName });
    if (!this.sawContent) fail('EMPTY_FILE', `${name} contains only blank lines or whitespace.`, { file: this.options.fileName });
    if (!this.started) this.tryStart(true);
    else this.feed('', true);

    const parts = this.jsonl ? this.jsonl.finish() : this.delimited!.finish();
    const table: ParsedTable = {
      format: this.jsonl ? 'jsonl' : 'delimited',
      delimiter: this.delimiter,
      hasHeader: this.hasHeader,
      ...parts,
      bytes: this.bytes,
      fileName: this.options.fileName,
    };
    this.checkColumns(table);
    if (table.rows.count === 0) {
      const why =
        table.skipped.count > 0
          ? `all ${table.skipped.count} rows were skipped as malformed (first at line ${table.skipped.firstLines[0]}: ${table.skipped.reasons[0]})`
          : table.hasHeader
            ? `it has a header (${table.columns.join(', ')}) but no data rows`
            : 'it has no data rows';
      fail('NO_ROWS', `${name} has nothing to use: ${why}.`, { file: this.options.fileName });
    }
    return table;
  }

  private checkColumns(table: ParsedTable): void {
    const min = this.options.minColumns ?? 1;
    if (table.columns.length >= min) return;
    const found = table.columns.length;
    const hint = this.delimiter !== null ? this.betterDelimiterHint() : '';
    fail(
      'WRONG_DELIMITER',
      `Found ${found} column${found === 1 ? '' : 's'}${this.delimiter !== null ? ` using ${delimiterName(this.delimiter)} as the delimiter` : ''}, ` +
        `but at least ${min} are needed (a text and a label).${hint || ' Check the delimiter and the file format.'}`,
      { expected: min, found, file: this.options.fileName },
    );
  }

  private betterDelimiterHint(): string {
    const best = rankDelimiters(this.sample, this.quoting, this.sampleFinal, this.options.fileName).find(
      (g) => g.delimiter !== this.delimiter && g.columns > 1,
    );
    return best && best.consistency >= 0.8
      ? ` The file looks ${delimiterName(best.delimiter)}-separated (${best.columns} columns): choose that delimiter.`
      : '';
  }

  private sample = '';
  private sampleFinal = false;

  private get quoting(): boolean {
    return (this.options.quote ?? 'auto') !== 'none';
  }

  private nextSampleAt = SAMPLE_CHARS;

  /** Start once a sample holds enough rows. Samples are exactly the first 64K, 128K, … characters
   *  (or all text at the end), so the decision does not depend on how the input was chunked. */
  private tryStart(final: boolean): void {
    while (this.pending.length >= this.nextSampleAt) {
      const sample = this.pending.slice(0, this.nextSampleAt);
      if (this.nextSampleAt >= MAX_SAMPLE_CHARS || this.enoughRows(sample)) return this.start(sample, false, final);
      this.nextSampleAt *= 2;
    }
    if (final) this.start(this.pending, true, true);
  }

  private enoughRows(sample: string): boolean {
    if (looksLikeJsonLines(sample, this.options.fileName)) return true;
    return ['\t', ',', this.options.delimiter ?? ','].some((d) => sampleRows(sample, d, this.quoting, false).length >= SAMPLE_MIN_ROWS);
  }

  /** Decide the format from the sample, then run the buffered text through. */
  private start(sample: string, sampleFinal: boolean, wasFinal: boolean): void {
    this.started = true;
    this.sample = sample;
    this.sampleFinal = sampleFinal;
    const o = this.options;
    const final = this.sampleFinal;
    const format = o.format && o.format !== 'auto' ? o.format : looksLikeJsonLines(this.sample, o.fileName) ? 'jsonl' : 'delimited';
    const skip = o.skipBadRows ?? false;
    if ((format === 'jsonl' || (format === 'delimited' && !o.delimiter)) && looksLikeJsonArray(this.sample)) {
      // A JSON array of records, not JSON Lines: read it element by element.
      this.array = new JsonArraySplitter(o.maxLineChars, o.fileName);
      this.jsonl = new JsonlTableBuilder(skip, o.fileName);
      this.jsonl.warnings.push({
        code: 'JSON_ARRAY',
        message: 'The file is one JSON array of records (not JSON Lines, one object per line); each element was read as a row.',
      });
      this.hasHeader = false;
    } else if (format === 'jsonl') {
      this.lines = new LineSplitter(o.maxLineChars, o.fileName);
      this.jsonl = new JsonlTableBuilder(skip, o.fileName);
      this.hasHeader = false;
    } else {
      const ranked = rankDelimiters(this.sample, this.quoting, final, o.fileName);
      let delimiter = o.delimiter ?? (format === 'csv' ? ',' : format === 'tsv' ? '\t' : ranked[0].delimiter);
      if (!o.delimiter && format === 'delimited' && ranked[0].columns <= 1) {
        // No delimiter splits the lines: a one-column file. Keep the one the name suggests.
        delimiter = extensionOf(o.fileName) === 'csv' ? ',' : '\t';
      }
      this.delimiter = delimiter;
      const rows = sampleRows(this.sample, delimiter, this.quoting, final);
      const mine = ranked.find((g) => g.delimiter === delimiter);
      const modal = mine ? mine.columns : (rows[0]?.length ?? 1);
      if ((o.delimiter || format !== 'delimited') && modal <= 1) {
        const hint = ranked.find((g) => g.delimiter !== delimiter && g.columns > 1 && g.consistency >= 0.8);
        if (hint) {
          fail(
            'WRONG_DELIMITER',
            `Found 1 column using ${delimiterName(delimiter)} as the delimiter, but the file looks ${delimiterName(hint.delimiter)}-separated ` +
              `(${hint.columns} columns on ${Math.round(hint.consistency * 100)}% of the first lines). Choose ${delimiterName(hint.delimiter)} as the delimiter.`,
            { expected: hint.columns, found: 1, file: o.fileName },
          );
        }
      }
      this.hasHeader = typeof o.header === 'boolean' ? o.header : detectHeader(rows);
      this.tokenizer = new DelimitedTokenizer(delimiter, this.quoting, o.maxLineChars, o.fileName);
      this.delimited = new DelimitedTableBuilder(this.hasHeader, modal, skip, o.fileName);
    }
    const text = this.pending;
    this.pending = '';
    this.feed(text, wasFinal);
  }

  private feed(text: string, final: boolean): void {
    if (this.tokenizer) {
      const b = this.delimited!;
      this.tokenizer.push(text, final, (fields, line) => b.add(fields, line));
    } else if (this.array) {
      const b = this.jsonl!;
      this.array.push(text, final, (element, line) => b.addLine(element, line));
    } else {
      const b = this.jsonl!;
      this.lines!.push(text, final, (line, no) => b.addLine(line, no));
    }
  }
}
