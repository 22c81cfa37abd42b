// The CLI's data path (datasetFromArgs, what `blora train` runs before loading any weights):
// refusals before reading, warnings on stderr, non-regular paths.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDataError } from '../data/errors';
import { interruptedRunRecord } from '../train/run_record';
import { datasetFromArgs } from './data_args';

const dir = mkdtempSync(join(tmpdir(), 'blora-cli-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const noBuiltin = async () => {
  throw new Error('no built-ins here');
};

async function failure(p: Promise<unknown>): Promise<Error & { code?: string; error?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('datasetFromArgs', () => {
  it('refuses the same column as text and label before reading the file', async () => {
    // The file does not exist: a refusal that came after reading would be READ_FAILED.
    const e = await failure(datasetFromArgs({ train: join(dir, 'missing.tsv'), 'text-col': 'review', 'label-col': 'review' }, noBuiltin));
    expect(e.message).toBe('--text-col and --label-col name the same column ("review"); choose different columns');
  });

  it('prints label and header warnings before training, and still builds the data set', async () => {
    const path = join(dir, 'train.tsv');
    const rows = Array.from({ length: 40 }, (_, i) => `text number ${i}\t${i % 2}\t${i}`);
    writeFileSync(path, `text\tlabel\tlabel\n${rows.join('\n')}\nanother text\tNaN\t41\n`);
    const lines: string[] = [];
    const ds = await datasetFromArgs({ train: path }, noBuiltin, (l) => lines.push(l));
    expect(ds.train.length + ds.validation.length + ds.test.length).toBe(41);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^warning: train\.tsv: The header has empty or repeated column names, renamed: "label" \(column 3\) → "label \(2\)"/);
    expect(lines[1]).toMatch(/^warning: The label "NaN" in column "label" looks like a missing value; 1 row would/);
  });

  it('/dev/zero and directories are READ_FAILED naming the path', async () => {
    for (const [path, why] of [
      ['/dev/zero', 'it is a device'],
      [dir, 'it is a directory'],
    ]) {
      const e = await failure(datasetFromArgs({ train: path }, noBuiltin));
      const err = (e as { error?: unknown }).error;
      expect(isDataError(err) && err.code).toBe('READ_FAILED');
      expect(e.message).toBe(`Cannot read "${path}": ${why}, not a regular file.`.replace('directory, not a regular file', 'directory, not a file'));
    }
  });
});

describe('--max-line-chars', () => {
  it('sets the row limit of the files read', async () => {
    const path = join(dir, 'long.tsv');
    writeFileSync(path, `text\tlabel\n${Array.from({ length: 20 }, (_, i) => `row ${i} ${'x'.repeat(i * 10)}\t${i % 2}`).join('\n')}\n`);
    const e = await failure(datasetFromArgs({ train: path, 'max-line-chars': '100' }, noBuiltin));
    expect(e.message).toContain('Line 12 is longer than 100 characters');
    const ds = await datasetFromArgs({ train: path, 'max-line-chars': '1000' }, noBuiltin, () => {});
    expect(ds.train.length + ds.validation.length + ds.test.length).toBe(20);
    await expect(datasetFromArgs({ train: path, 'max-line-chars': 'lots' }, noBuiltin)).rejects.toThrow('--max-line-chars must be a whole number');
  });
});

describe('--no-quotes', () => {
  it('reads a stray opening quote as text instead of a field that never closes', async () => {
    const path = join(dir, 'stray.tsv');
    const rows = Array.from({ length: 30 }, (_, i) => `${i === 3 ? '"' : ''}text number ${i} ${'y'.repeat(50)}\t${i % 2}`);
    writeFileSync(path, `text\tlabel\n${rows.join('\n')}\n`);
    const e = await failure(datasetFromArgs({ train: path, 'max-line-chars': '500' }, noBuiltin));
    expect(e.message).toContain('quoted field that starts on line 5');
    const ds = await datasetFromArgs({ train: path, 'max-line-chars': '500', 'no-quotes': true }, noBuiltin, () => {});
    expect([...ds.train, ...ds.validation, ...ds.test].some((x) => x.text.startsWith('"text number 3'))).toBe(true);
  });
});

describe('several files (--train/--validation/--test/--ood)', () => {
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `text number ${from + i}\t${(from + i) % 2}`);
  const write = (sub: string, name: string, lines: string[]) => {
    mkdirSync(join(dir, sub), { recursive: true });
    const path = join(dir, sub, name);
    writeFileSync(path, `text\tlabel\n${lines.join('\n')}\n`);
    return path;
  };

  it('a data error names the file, its flag and the line, whichever file it is in', async () => {
    const train = write('a', 'data.tsv', rows(30));
    // The same file name in another folder: the message must say which one.
    const ragged = rows(8, 100);
    ragged[2] += '\textra';
    const validation = write('b', 'data.tsv', ragged);
    let e = await failure(datasetFromArgs({ train, validation }, noBuiltin));
    expect(e.message).toBe(
      `--validation ${validation}: Ragged row: line 4 has 3 fields, but the header has 2. Quote fields that contain the delimiter or a line break, fix the row, or turn on "skip bad rows".`,
    );
    const unknown = rows(8, 200);
    unknown[5] = 'odd text\t7';
    const test = write('c', 'data.tsv', unknown);
    e = await failure(datasetFromArgs({ train, validation: write('b', 'ok.tsv', rows(8, 300)), test }, noBuiltin));
    expect(e.message).toMatch(new RegExp(`^--test ${test.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Line 7 has the label "7", which is not one of "0", "1"`));
    const err = (e as { error?: unknown }).error;
    expect(isDataError(err) && [err.code, err.line, err.split]).toEqual(['UNKNOWN_LABEL', 7, 'test']);
  });

  it('--skip-bad-rows says how many rows it dropped per file and the first line numbers, on stderr and in the run record', async () => {
    const bad = rows(30);
    bad[1] += '\textra'; // line 3: ragged (parse)
    bad[3] = '\t1'; // line 5: empty text (mapping)
    bad[7] = 'a row\t'; // line 9: no label (mapping)
    const train = write('skip', 'train.tsv', bad);
    const vbad = rows(10, 50);
    vbad[0] = 'odd\t9';
    const validation = write('skip', 'validation.tsv', vbad);
    const clean = write('skip', 'test.tsv', rows(10, 80));
    const lines: string[] = [];
    const ds = await datasetFromArgs({ train, validation, test: clean, 'skip-bad-rows': true }, noBuiltin, (l) => lines.push(l));
    expect(ds.train.length).toBe(27);
    expect(ds.validation.length).toBe(9);
    expect(lines).toEqual([
      `skipped 3 bad rows of --train ${train} (lines 3, 5, 9): line 3 has 3 fields, but the header has 2`,
      `skipped 1 bad row of --validation ${validation} (line 2): line 2 has the label "9", which is not one of "0", "1"`,
    ]);
    expect(ds.skippedRows?.map((s) => [s.split, s.file, s.count, s.firstLines])).toEqual([
      ['train', train, 3, [3, 5, 9]],
      ['validation', validation, 1, [2]],
    ]);
    const record = await interruptedRunRecord({
      model: { id: 'm', weights: new Map() },
      dataset: ds,
      backend: 'cpu',
      method: { kind: 'map' } as never,
      options: {},
      steps: 0,
      totalSteps: 1,
      loss: [],
      seconds: 0,
    });
    expect(record.dataset.skippedRows?.map((s) => [s.file, s.count, s.firstLines])).toEqual([
      [train, 3, [3, 5, 9]],
      [validation, 1, [2]],
    ]);
  });
});
