import { describe, expect, it } from 'vitest';
import { rowArrays } from './table_rows';
import { parseBytes, parseText } from './parse';
import type { ParseOptions, ParsedTable } from './types';
import type { DataError } from './errors';

function table(text: string, o: ParseOptions = {}): ParsedTable {
  const r = parseText(text, o);
  if (!r.ok) throw new Error(`unexpected ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function error(input: string | Uint8Array, o: ParseOptions = {}): DataError {
  const r = typeof input === 'string' ? parseText(input, o) : parseBytes(input, o);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('CSV (RFC 4180)', () => {
  it('handles quotes, escaped quotes, embedded delimiters and newlines', () => {
    const t = table('text,label\n"Hello, world",pos\n"She said ""hi""",neg\n"two\nlines",pos\nplain,neg\n');
    expect(t.delimiter).toBe(',');
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['text', 'label']);
    expect(rowArrays(t.rows, t.columns.length)).toEqual([
      ['Hello, world', 'pos'],
      ['She said "hi"', 'neg'],
      ['two\nlines', 'pos'],
      ['plain', 'neg'],
    ]);
    // the row after the two-line field starts on line 6
    expect(t.lines).toEqual([2, 3, 4, 6]);
  });

  it('handles CRLF line ends (also inside quotes) and a missing final newline', () => {
    const t = table('text,label\r\n"a\r\nb",1\r\nc,0');
    expect(rowArrays(t.rows, t.columns.length)).toEqual([
      ['a\nb', '1'],
      ['c', '0'],
    ]);
    expect(t.lines).toEqual([2, 4]);
  });

  it('drops a UTF-8 BOM (bytes and text)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('text,label\nok,1\nno,0\n')]);
    const r = parseBytes(bytes);
    expect(r.ok && r.value.columns).toEqual(['text', 'label']);
    expect(table('\ufefftext,label\nok,1\nno,0\n').columns[0]).toBe('text');
  });

  it('keeps empty fields and skips blank lines', () => {
    const t = table('a,b,c\n1,,3\n\n4,5,\n');
    expect(rowArrays(t.rows, t.columns.length)).toEqual([
      ['1', '', '3'],
      ['4', '5', ''],
    ]);
  });
});

describe('TSV', () => {
  it('keeps tabs inside quotes', () => {
    const t = table('sentence\tlabel\n"a\tb"\t1\nplain\t0\n');
    expect(t.delimiter).toBe('\t');
    expect(rowArrays(t.rows, t.columns.length)).toEqual([
      ['a\tb', '1'],
      ['plain', '0'],
    ]);
  });

  it('reads GLUE-style fields that start with a quote but are not quoted', () => {
    const t = table(
      'index\tsentence1\tsentence2\tlabel\n0\t"Yes," he said. Then he left.\tHe left.\tentailment\n1\tNo quotes\t"Quoted" start\tnot_entailment\n',
    );
    expect(rowArrays(t.rows, t.columns.length)[0][1]).toBe('"Yes," he said. Then he left.');
    expect(rowArrays(t.rows, t.columns.length)[1][2]).toBe('"Quoted" start');
  });

  it('reads header-less CoLA-like four-column rows', () => {
    const text = "gj04\t1\t\tOur friends won't buy this analysis.\ngj04\t0\t*\tThey drank the pub.\ngj04\t1\t\tThe more you eat, the fatter you get.\n";
    const t = table(text, { fileName: 'in_domain_train.tsv' });
    expect(t.hasHeader).toBe(false);
    expect(t.columns).toEqual(['column 1', 'column 2', 'column 3', 'column 4']);
    expect(t.rows.count).toBe(3);
    expect(rowArrays(t.rows, t.columns.length)[1]).toEqual(['gj04', '0', '*', 'They drank the pub.']);
    expect(t.lines).toEqual([1, 2, 3]);
  });

  it('reads RTE-like sentence pairs with a header', () => {
    const t = table('index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\tA person rests.\tentailment\n1\tIt rains.\tIt is dry.\tnot_entailment\n');
    expect(t.hasHeader).toBe(true);
    expect(t.columns).toEqual(['index', 'sentence1', 'sentence2', 'label']);
    expect(rowArrays(t.rows, t.columns.length)[1]).toEqual(['1', 'It rains.', 'It is dry.', 'not_entailment']);
  });

  it('detects a header-less two-column file with string labels (AG News style)', () => {
    const rows = ['World', 'Sports', 'Business', 'World', 'Sci/Tech'].map((l, i) => `Some rather long news sentence number ${i} about things\t${l}`);
    const t = table(rows.join('\n') + '\n');
    expect(t.hasHeader).toBe(false);
    expect(t.rows.count).toBe(5);
  });

  it('drops a repeated header line (concatenated files)', () => {
    const t = table('text\tlabel\na\t1\nb\t0\ntext\tlabel\nc\t1\n');
    expect(rowArrays(t.rows, t.columns.length).map((r) => r[0])).toEqual(['a', 'b', 'c']);
    expect(t.skipped.count).toBe(1);
    expect(t.skipped.firstLines).toEqual([4]);
  });
});

describe('JSON Lines', () => {
  it('reads objects, stringifies numbers, unions keys', () => {
    const t = table('{"text":"a","label":1}\n{"text":"b","label":0,"extra":true}\n', { fileName: 'x.jsonl' });
    expect(t.format).toBe('jsonl');
    expect(t.columns).toEqual(['text', 'label', 'extra']);
    expect(rowArrays(t.rows, t.columns.length)).toEqual([
      ['a', '1', ''],
      ['b', '0', 'true'],
    ]);
  });

  it('sniffs JSON Lines without an extension', () => {
    expect(table('{"text":"a","label":"x"}\n{"text":"b","label":"y"}').format).toBe('jsonl');
  });

  it('reports an invalid line with its number, or skips it', () => {
    const e = error('{"text":"a","label":1}\n{"text": oops}\n{"text":"c","label":0}\n', { fileName: 'x.jsonl' });
    expect(e.code).toBe('INVALID_JSON');
    expect(e.line).toBe(2);
    const t = table('{"text":"a","label":1}\n{"text": oops}\n{"text":"c","label":0}\n', { fileName: 'x.jsonl', skipBadRows: true });
    expect(t.rows.count).toBe(2);
    expect(t.skipped).toMatchObject({ count: 1, firstLines: [2] });
  });
});

describe('validation errors', () => {
  it('empty file and whitespace-only file', () => {
    expect(error('').code).toBe('EMPTY_FILE');
    expect(error(new Uint8Array(0)).message).toMatch(/0 bytes/);
    expect(error('\n\n  \n').code).toBe('EMPTY_FILE');
  });

  it('header without rows', () => {
    const e = error('text,label\n', { header: true });
    expect(e.code).toBe('NO_ROWS');
    expect(e.message).toContain('text, label');
  });

  it('ragged row names its line, or is skipped and reported', () => {
    const text = 'text,label\na,1\nb,0,extra\nc,1\nd\n';
    const e = error(text);
    expect(e.code).toBe('RAGGED_ROW');
    expect(e.line).toBe(3);
    expect(e.expected).toBe(2);
    expect(e.found).toBe(3);
    expect(e.message).toContain('line 3');
    const t = table(text, { skipBadRows: true });
    expect(rowArrays(t.rows, t.columns.length)).toEqual([
      ['a', '1'],
      ['c', '1'],
    ]);
    expect(t.skipped).toMatchObject({ count: 2, firstLines: [3, 5] });
  });

  it('wrong delimiter: a forced comma on a tab-separated file', () => {
    const e = error('text\tlabel\nhello there\t1\nbye now\t0\nagain\t1\n', { delimiter: ',' });
    expect(e.code).toBe('WRONG_DELIMITER');
    expect(e.message).toMatch(/tab-separated \(2 columns/);
  });

  it('too few columns for text + label', () => {
    const e = error('just one column of text\nanother line\nand more\n', { minColumns: 2 });
    expect(e.code).toBe('WRONG_DELIMITER');
    expect(e.found).toBe(1);
  });

  it('invalid UTF-8 reports byte offset and line', () => {
    const head = new TextEncoder().encode('text,label\nok,1\nbad ');
    const bytes = new Uint8Array([...head, 0xff, 0x41, ...new TextEncoder().encode(',0\n')]);
    const e = error(bytes);
    expect(e.code).toBe('INVALID_UTF8');
    expect(e.byteOffset).toBe(head.length);
    expect(e.line).toBe(3);
    expect(e.message).toContain('0xFF');
  });

  it('a truncated multi-byte character at the end is invalid', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('text,label\ncaf'), 0xc3]);
    const e = error(bytes);
    expect(e.code).toBe('INVALID_UTF8');
    expect(e.byteOffset).toBe(bytes.length - 1);
  });

  it('size limit', () => {
    const e = error(new TextEncoder().encode('text,label\na,1\nb,0\n'), { maxBytes: 10 });
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.size).toBe(19);
    expect(e.limit).toBe(10);
  });
});
