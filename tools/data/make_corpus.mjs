#!/usr/bin/env node
// Writes the bad-and-tricky data corpus (src/data/__fixtures__/corpus/): small files, each with its
// documented outcome in manifest.json — the rows it parses to (count, columns, first row, warnings),
// or the error it is refused with and where (line, column). src/data/corpus.test.ts feeds every file
// through the shared parser (and the label mapping) and checks it. Deterministic: rerunning writes
// the same bytes. Run: node tools/data/make_corpus.mjs
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync as fflateGzip, zipSync } from 'fflate';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'data', '__fixtures__', 'corpus');
const enc = (s) => new TextEncoder().encode(s);
// mtime 0: fflate would stamp the current time into the header, and the corpus must not change on a rerun.
const gzipSync = (bytes, opts = {}) => fflateGzip(bytes, { mtime: 0, ...opts });
const cases = [];

/** A file that parses: `rows` data rows with these columns and first row; `map` also maps labels. */
function good(name, content, expect) {
  cases.push({ name, content: typeof content === 'string' ? enc(content) : content, expect: { ok: true, ...expect } });
}
/** A file refused with `code`, at `line` / `column` when given, its message containing `mentions`. */
function bad(name, content, expect) {
  cases.push({ name, content: typeof content === 'string' ? enc(content) : content, expect: { ok: false, ...expect } });
}

const REVIEWS = ['good film', 'bad film', 'fine, really', 'not "great"', 'très bien', '悪くない', 'ok 👍', 'meh'];
const rowsCsv = (n, label = (i) => i % 2) =>
  Array.from({ length: n }, (_, i) => `"${REVIEWS[i % REVIEWS.length].replaceAll('"', '""')} ${i}",${label(i)}`).join('\n');
const first = (i = 0) => [`${REVIEWS[i % REVIEWS.length]} ${i}`, String(i % 2)];

// 1. Well-formed variants of one small table: line endings, BOM, final newline, quoting, delimiters.
for (const n of [1, 3, 10, 50]) good(`csv_${n}_rows.csv`, `text,label\n${rowsCsv(n)}\n`, { rows: n, columns: ['text', 'label'], first: first() });
good('crlf.csv', `text,label\r\n${rowsCsv(5).replaceAll('\n', '\r\n')}\r\n`, { rows: 5, columns: ['text', 'label'], first: first() });
good('cr_only.csv', `text,label\r${rowsCsv(4).replaceAll('\n', '\r')}\r`, { rows: 4, columns: ['text', 'label'], first: first() });
good('no_final_newline.csv', `text,label\n${rowsCsv(6)}`, { rows: 6, columns: ['text', 'label'], first: first() });
good('utf8_bom.csv', `\ufefftext,label\n${rowsCsv(3)}\n`, { rows: 3, columns: ['text', 'label'], first: first() });
good('blank_lines.csv', `text,label\n\n${rowsCsv(3).split('\n').join('\n\n')}\n\n`, { rows: 3, columns: ['text', 'label'], first: first() });
good('quoted_newline.csv', 'text,label\n"line one\nline two",1\nplain,0\n', { rows: 2, columns: ['text', 'label'], first: ['line one\nline two', '1'] });
good('quoted_delimiters.csv', 'text,label\n"a, b; c\td",1\n"x",0\n', { rows: 2, columns: ['text', 'label'], first: ['a, b; c\td', '1'] });
good('escaped_quotes.csv', 'text,label\n"he said ""no""",0\n"",1\n', { rows: 2, columns: ['text', 'label'], first: ['he said "no"', '0'] });
good('semicolon.csv', 'text;label\ngood;1\nbad;0\nfine;1\n', { rows: 3, columns: ['text', 'label'], first: ['good', '1'] });
good('tab.tsv', 'text\tlabel\ngood, really\t1\nbad\t0\n', { rows: 2, columns: ['text', 'label'], first: ['good, really', '1'] });
good('pipe.csv', 'text|label\ngood|1\nbad|0\nfine|1\n', { rows: 3, columns: ['text', 'label'], first: ['good', '1'] });
good('glue_style_quote.tsv', 'sentence\tlabel\n"quoted start only\t1\nplain\t0\n', {
  rows: 2,
  columns: ['sentence', 'label'],
  first: ['"quoted start only', '1'],
});
good('three_columns.csv', 'id,text,label\n1,good,1\n2,bad,0\n', { rows: 2, columns: ['id', 'text', 'label'], first: ['1', 'good', '1'] });
good('pair_columns.tsv', 'sentence1\tsentence2\tlabel\na cat\ta dog\t0\nsun\tmoon\t1\n', {
  rows: 2,
  columns: ['sentence1', 'sentence2', 'label'],
  first: ['a cat', 'a dog', '0'],
});
good('unicode_header.csv', 'Rezension,Beurteilung\nsehr gut,1\nschlecht,0\n', { rows: 2, columns: ['Rezension', 'Beurteilung'], first: ['sehr gut', '1'] });
good('long_text.csv', `text,label\n"${'word '.repeat(2000).trim()}",1\nshort,0\n`, {
  rows: 2,
  columns: ['text', 'label'],
  first: ['word '.repeat(2000).trim(), '1'],
});
good('many_labels.csv', `text,label\n${Array.from({ length: 30 }, (_, i) => `t${i},c${i % 10}`).join('\n')}\n`, {
  rows: 30,
  columns: ['text', 'label'],
  first: ['t0', 'c0'],
});
good('string_labels.csv', 'text,label\ngood,positive\nbad,negative\n', { rows: 2, columns: ['text', 'label'], first: ['good', 'positive'] });
good('big_integer_labels.csv', 'text,label\na,9007199254740993\nb,9007199254740992\n', {
  map: { text: 'text', label: 'label' },
  rows: 2,
  columns: ['text', 'label'],
  first: ['a', '9007199254740993'],
  classes: 2,
});
good('emoji_only.csv', 'text,label\n👍👍,1\n👎,0\n', { rows: 2, columns: ['text', 'label'], first: ['👍👍', '1'] });
good('header_with_spaces.csv', ' text , label \ngood,1\nbad,0\n', { rows: 2, columns: ['text', 'label'], first: ['good', '1'], warnings: ['RENAMED_COLUMNS'] });

// 2. JSON Lines and JSON arrays.
const jl = (n) => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `${REVIEWS[i % REVIEWS.length]} ${i}`, label: i % 2 })).join('\n');
for (const n of [1, 5, 20]) good(`jsonl_${n}.jsonl`, `${jl(n)}\n`, { rows: n, columns: ['text', 'label'], first: first() });
good('jsonl_crlf.jsonl', `${jl(3).replaceAll('\n', '\r\n')}\r\n`, { rows: 3, columns: ['text', 'label'], first: first() });
good('jsonl_extra_keys.jsonl', '{"id":1,"text":"a","label":0}\n{"id":2,"text":"b","label":1}\n', {
  rows: 2,
  columns: ['id', 'text', 'label'],
  first: ['1', 'a', '0'],
});
good('jsonl_blank_lines.jsonl', `\n${jl(2)}\n\n`, { rows: 2, columns: ['text', 'label'], first: first() });
good(
  'json_array.json',
  JSON.stringify([
    { text: 'a', label: 0 },
    { text: 'b', label: 1 },
  ]),
  { rows: 2, columns: ['text', 'label'], first: ['a', '0'], warnings: ['JSON_ARRAY'] },
);
bad('jsonl_broken_line_3.jsonl', `${jl(2)}\n{"text": "c", "label": }\n${jl(1)}\n`, { code: 'INVALID_JSON', line: 3 });
// An array line is read as positional columns (header-less JSON Lines); mixed with objects, its text is missing.
bad('jsonl_not_object.jsonl', `${jl(2)}\n[1, 2]\n`, { map: { text: 'text', label: 'label' }, code: 'MISSING_TEXT', line: 3 });
bad('jsonl_truncated.jsonl', `${jl(2)}\n{"text": "unfinished`, { code: 'INVALID_JSON', line: 3 });

// 3. Encodings and containers.
const utf16 = (s, be, bom) => {
  const units = (bom ? '\ufeff' : '') + s;
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[2 * i + (be ? 1 : 0)] = u & 0xff;
    out[2 * i + (be ? 0 : 1)] = u >> 8;
  }
  return out;
};
const small = `text,label\n${rowsCsv(4)}\n`;
good('utf16le_bom.csv', utf16(small, false, true), { rows: 4, columns: ['text', 'label'], first: first() });
good('utf16be_bom.csv', utf16(small, true, true), { rows: 4, columns: ['text', 'label'], first: first() });
bad('utf16le_no_bom.csv', utf16(small, false, false), { code: 'UNSUPPORTED_ENCODING', mentions: 'UTF-16' });
good('gzip.csv.gz', gzipSync(enc(small)), { rows: 4, columns: ['text', 'label'], first: first() });
good('gzip_no_extension', gzipSync(enc(small)), { rows: 4, columns: ['text', 'label'], first: first() });
bad('gzip_truncated.csv.gz', gzipSync(enc(small)).subarray(0, 30), { code: 'READ_FAILED', mentions: 'gzip' });
// Damaged gzip (issue 22): a stored (level 0) block holds the text as is, so a changed label byte
// still inflates and only the CRC-32 tells; a wrong length (ISIZE); a stream cut inside its trailer.
const storedGz = gzipSync(enc(small), { level: 0 });
// 10 bytes of gzip header, 5 of stored-block header, then the (ASCII) text: the first row's label.
const labelAt = 10 + 5 + small.indexOf('\n', small.indexOf('\n') + 1) - 1;
const flipped = storedGz.slice();
flipped[labelAt] ^= 1;
const damaged = (name, what) => ({ code: 'READ_FAILED', mentions: `"${name}": its gzip ${what} does not match: the file is damaged` });
bad('gzip_crc_mismatch.csv.gz', flipped, damaged('gzip_crc_mismatch.csv.gz', 'checksum (CRC-32)'));
const longer = storedGz.slice();
longer[longer.length - 4] += 1;
bad('gzip_wrong_length.csv.gz', longer, damaged('gzip_wrong_length.csv.gz', 'length (ISIZE)'));
bad('gzip_truncated_trailer.csv.gz', storedGz.subarray(0, storedGz.length - 3), {
  code: 'READ_FAILED',
  mentions: '"gzip_truncated_trailer.csv.gz": its gzip stream is truncated: the file is damaged',
});
bad('latin1.csv', Uint8Array.from([...enc('text,label\ncaf'), 0xe9, ...enc(',1\nok,0\n')]), { mentions: 'Latin-1' });
bad('zip_archive.zip', zipSync({ 'a.csv': [enc(small), { mtime: new Date(2020, 0, 1) }] }), { code: 'UNSUPPORTED_ENCODING' });
bad(
  'binary.csv',
  Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256),
  {},
);
bad('empty.csv', '', { code: 'EMPTY_FILE' });
bad('only_whitespace.csv', '  \n\n \t\n', {});

// 4. Structure: ragged rows, missing columns, header-only, limits.
for (const at of [2, 3, 7]) {
  const lines = ['text,label', ...rowsCsv(8).split('\n')];
  lines[at - 1] = `${lines[at - 1]},extra`;
  bad(`ragged_line_${at}.csv`, `${lines.join('\n')}\n`, { code: 'RAGGED_ROW', line: at });
}
bad('ragged_short_row.csv', 'a,b,c\n1,2,3\n4,5\n', { code: 'RAGGED_ROW', line: 3 });
bad('header_only.csv', 'text,label\n', {});
bad('line_too_long.csv', `text,label\n${'x'.repeat(5000)},1\n`, { code: 'LINE_TOO_LONG', line: 2, maxLineChars: 1000 });
bad('field_too_long.csv', `text,label\n"${'y'.repeat(5000)}",1\n`, { code: 'FIELD_TOO_LONG', maxLineChars: 1000 });
bad('stray_open_quote.csv', `text,label\n"never closed,1\n${'z,0\n'.repeat(400)}`, { code: 'FIELD_TOO_LONG', maxLineChars: 1000 });
good('duplicate_headers.csv', 'text,text,label\na,b,1\nc,d,0\n', { rows: 2, first: ['a', 'b', '1'], warnings: ['RENAMED_COLUMNS'] });
good('empty_header_name.csv', 'text,,label\na,x,1\nc,y,0\n', { rows: 2, first: ['a', 'x', '1'], warnings: ['RENAMED_COLUMNS'] });

// 5. Labels, checked by mapping text → label (the CLI's and the page's next step).
const m = { text: 'text', label: 'label' };
bad('missing_label_column.csv', 'review,stars\ngood,5\nbad,1\n', { map: m, code: 'MISSING_COLUMN', mentions: 'label' });
bad('missing_text_column.csv', 'body,label\ngood,1\nbad,0\n', { map: m, code: 'MISSING_COLUMN', mentions: 'text' });
bad('same_column_twice.csv', 'text,label\ngood,1\n', { map: { text: 'text', label: 'text' }, code: 'MISSING_COLUMN', mentions: 'both' });
for (const at of [2, 4, 9]) {
  const lines = ['text,label', ...rowsCsv(10).split('\n')];
  lines[at - 1] = lines[at - 1].replace(/,\d$/, ',');
  bad(`missing_label_line_${at}.csv`, `${lines.join('\n')}\n`, { map: m, code: 'MISSING_LABEL', line: at, column: 'label' });
}
for (const at of [3, 6]) {
  const lines = ['text,label', ...rowsCsv(8).split('\n')];
  lines[at - 1] = lines[at - 1].replace(/^"[^"]*"/, '""');
  bad(`empty_text_line_${at}.csv`, `${lines.join('\n')}\n`, { map: m, code: 'MISSING_TEXT', line: at });
}
bad('one_class.csv', `text,label\n${rowsCsv(6, () => 1)}\n`, { map: m, code: 'ONE_CLASS' });
bad('too_many_classes.csv', `text,label\n${Array.from({ length: 150 }, (_, i) => `t${i},c${i}`).join('\n')}\n`, { map: m, code: 'TOO_MANY_CLASSES' });
for (const [name, value] of [
  ['nan', 'NaN'],
  ['header_as_value', 'label'],
  ['control_char', '1\u0000'],
]) {
  good(`suspicious_label_${name}.csv`, `text,label\n${rowsCsv(6)}\nodd row,${value}\n`, { map: m, rows: 7, first: first(), warnings: ['SUSPICIOUS_LABEL'] });
}
good('labels_as_words.csv', 'text,label\ngood,pos\nbad,neg\nok,pos\n', { map: m, rows: 3, first: ['good', 'pos'], classes: 2 });
// Integer labels are compared as canonical digit strings: 01 and 1 are one class.
good('labels_zero_padded.csv', 'text,label\na,01\nb,1\nc,2\n', { map: m, rows: 3, first: ['a', '01'], classes: 2 });
bad('label_whitespace_only.csv', `text,label\n${rowsCsv(6)}\nodd row,  \n`, { map: m, code: 'MISSING_LABEL', line: 8 });

// 6. Generated families to reach breadth: each delimiter × quoting × line ending.
const delims = [
  [',', 'csv'],
  ['\t', 'tsv'],
  [';', 'csv'],
];
for (const [d, ext] of delims) {
  for (const quoted of [false, true]) {
    for (const eol of ['\n', '\r\n']) {
      const q = (s) => (quoted ? `"${s}"` : s);
      const body = ['text', 'label'].join(d) + eol + Array.from({ length: 5 }, (_, i) => [q(`row ${i}`), String(i % 2)].join(d)).join(eol) + eol;
      const tag = `${ext === 'tsv' ? 'tab' : d === ',' ? 'comma' : 'semicolon'}_${quoted ? 'quoted' : 'bare'}_${eol === '\n' ? 'lf' : 'crlf'}`;
      good(`family_${tag}.${ext}`, body, { rows: 5, columns: ['text', 'label'], first: ['row 0', '0'] });
      const lines = body.split(eol);
      lines[3] = `${lines[3]}${d}stray`;
      const broken = lines.join(eol);
      bad(`family_${tag}_ragged.${ext}`, broken, { code: 'RAGGED_ROW', line: 4 });
    }
  }
}

// 7. A few more containers and mixes.
good('gzip_jsonl.jsonl.gz', gzipSync(enc(`${jl(4)}\n`)), { rows: 4, columns: ['text', 'label'], first: first() });
good('utf16le_bom.tsv', utf16('text\tlabel\na\t1\nb\t0\n', false, true), { rows: 2, columns: ['text', 'label'], first: ['a', '1'] });
good('mixed_line_endings.csv', 'text,label\r\na,1\nb,0\r\nc,1\n', { rows: 3, columns: ['text', 'label'], first: ['a', '1'] });
// A line break inside quotes is kept as \n, whatever the file's line endings.
good('quoted_crlf_inside.csv', 'text,label\r\n"two\r\nlines",1\r\nx,0\r\n', { rows: 2, columns: ['text', 'label'], first: ['two\nlines', '1'] });
bad('jsonl_missing_label_line_2.jsonl', '{"text":"a","label":0}\n{"text":"b"}\n{"text":"c","label":1}\n', { map: m, code: 'MISSING_LABEL', line: 2 });

// 8. Several files: this one is the validation file beside a training file (`train`); the error
// names this file (and, once the files are assembled, its split), not the training file.
const raggedVal = ['text,label', ...rowsCsv(6).split('\n')];
raggedVal[3] += ',extra';
bad('multi_validation_ragged.csv', `${raggedVal.join('\n')}\n`, { train: 'csv_10_rows.csv', code: 'RAGGED_ROW', line: 4 });
const unknownVal = ['text,label', ...rowsCsv(6).split('\n')];
unknownVal[5] = 'a row,7';
bad('multi_validation_unknown_label.csv', `${unknownVal.join('\n')}\n`, {
  train: 'csv_10_rows.csv',
  map: m,
  code: 'UNKNOWN_LABEL',
  line: 6,
  split: 'validation',
});

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const manifest = {};
for (const c of cases) {
  writeFileSync(join(dir, c.name), c.content);
  manifest[c.name] = c.expect;
}
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`wrote ${cases.length} files to ${dir}`);
