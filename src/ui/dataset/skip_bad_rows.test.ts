// The page's "Skip bad rows": the data messages name it, and a file with bad rows loads through
// the page's own parse and mapping path with them dropped and reported by line.
import { describe, expect, it } from 'vitest';
import { parseText } from '../../data/parse';
import { buildLocalImport } from './local_import';
import { SKIPPABLE, SKIP_BAD_ROWS_LABEL, skippedRowsNote } from './skip_bad_rows';

const good = Array.from({ length: 40 }, (_, i) => `review ${i},${i % 2}`);
// Line 1 is the header: lines 3 and 6 are ragged, line 9 has an empty text.
const lines = ['text,label', ...good];
lines.splice(2, 0, 'a, b,1');
lines.splice(5, 0, 'only one field');
lines.splice(8, 0, ',1');
const csv = `${lines.join('\n')}\n`;
const split = { seed: 0, validation: 0.1, test: 0.1 };
const mapping = { text: 'text', label: 'label' };

/** The control a data message tells the user to turn on. */
const namedControl = (message: string) => /turn on "([^"]+)"/i.exec(message)?.[1];

describe('Skip bad rows on the page', () => {
  it('is the control the data messages name, offered for the errors it answers', () => {
    const ragged = parseText(csv, { fileName: 'bad.csv' });
    expect(ragged.ok).toBe(false);
    if (ragged.ok) return;
    expect(ragged.error.code).toBe('RAGGED_ROW');
    expect(ragged.error.line).toBe(3);
    expect(namedControl(ragged.error.message)?.toLowerCase()).toBe(SKIP_BAD_ROWS_LABEL.toLowerCase());
    expect(SKIPPABLE.has(ragged.error.code)).toBe(true);

    const json = parseText('{"text":"a","label":1}\n{oops\n', { fileName: 'x.jsonl' });
    expect(!json.ok && namedControl(json.error.message)?.toLowerCase()).toBe(SKIP_BAD_ROWS_LABEL.toLowerCase());

    // Read with it on, the empty text fails at the mapping, whose message names the same control.
    const t = parseText(csv, { fileName: 'bad.csv', skipBadRows: true });
    if (!t.ok) throw new Error(t.error.message);
    const mapped = buildLocalImport([t.value], ['split'], mapping, split, undefined, false, 'local');
    expect(!mapped.ok && mapped.error.code).toBe('MISSING_TEXT');
    expect(!mapped.ok && SKIPPABLE.has(mapped.error.code) && namedControl(mapped.error.message)?.toLowerCase()).toBe(SKIP_BAD_ROWS_LABEL.toLowerCase());
  });

  it('loads the file with the bad rows dropped, and says how many and where', () => {
    const t = parseText(csv, { fileName: 'bad.csv', skipBadRows: true });
    if (!t.ok) throw new Error(t.error.message);
    const r = buildLocalImport([t.value], ['split'], mapping, split, undefined, true, 'local');
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value.dataset.splits;
    expect(s.train.length + (s.validation?.length ?? 0) + (s.test?.length ?? 0)).toBe(40);
    expect(skippedRowsNote(r.value.skipped)).toBe(
      'Skipped 3 bad rows: “bad.csv” lines 3, 6 (line 3 has 3 fields, but the header has 2); “bad.csv” line 9 (line 9 has an empty text).',
    );
  });

  it('lists the first line numbers and the count of a long run of bad rows', () => {
    const skipped = { count: 12, firstLines: [2, 4, 6, 8, 10], reasons: ['line 2 has 1 field, but the header has 2'] };
    expect(skippedRowsNote([{ file: 'big.tsv', skipped }])).toBe(
      'Skipped 12 bad rows: “big.tsv” lines 2, 4, 6, 8, 10, … (12 in all) (line 2 has 1 field, but the header has 2).',
    );
    expect(skippedRowsNote([{ file: 'ok.csv', skipped: { count: 0, firstLines: [], reasons: [] } }])).toBeNull();
  });
});
