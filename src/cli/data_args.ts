// Data-set options of the CLI: files for train / validation / test / ood with a column mapping
// (the same parsing and validation code as the page), or a built-in data set by id.
import { basename } from 'node:path';
import { parseFilePath } from '../data/node_file';
import { assembleDataset, seededShuffle, toDatasetPayload, type AssembleReport, type DatasetPart } from '../data/splits';
import { MAX_LISTED_SKIPS, type ColumnMapping, type SplitName } from '../data/types';
import { DataErrorException, type DataError } from '../data/errors';
import type { SkippedRowsReport } from '../data/payload';
import type { DatasetPayload } from '../train/protocol';
import { UsageError } from './common_args';

export const DATA_OPTIONS = {
  dataset: { type: 'string' },
  train: { type: 'string' },
  validation: { type: 'string' },
  test: { type: 'string' },
  ood: { type: 'string' },
  'text-col': { type: 'string' },
  'text-pair-col': { type: 'string' },
  'label-col': { type: 'string' },
  'ood-text-col': { type: 'string' },
  'no-header': { type: 'boolean' },
  'skip-bad-rows': { type: 'boolean' },
  'max-line-chars': { type: 'string' },
  'no-quotes': { type: 'boolean' },
  'max-train': { type: 'string' },
  'max-eval': { type: 'string' },
  'max-val': { type: 'string' },
  'max-test': { type: 'string' },
  'max-ood': { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;

function column(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** The flag each split's file came from. */
const FLAG: Record<SplitName | 'split', string> = { train: '--train', validation: '--validation', test: '--test', ood: '--ood', split: '--train' };

/** A data error about one of the files, its message naming that file and its flag (with several
 *  files, "line 7" alone does not say which), unless it names the path already. */
function inFile(error: DataError, path: string, split: SplitName | 'split'): DataErrorException {
  const message = error.message.includes(path) ? error.message : `${FLAG[split]} ${path}: ${error.message}`;
  return new DataErrorException({ ...error, message, file: error.file ?? basename(path), split });
}

async function readPart(path: string, split: SplitName | 'split', mapping: ColumnMapping, v: Values): Promise<DatasetPart> {
  const maxLineChars = capArg(v, 'max-line-chars');
  if (maxLineChars === 0) throw new UsageError('--max-line-chars must be at least 1');
  const r = await parseFilePath(path, {
    header: v['no-header'] ? false : 'auto',
    skipBadRows: Boolean(v['skip-bad-rows']),
    maxLineChars,
    quote: v['no-quotes'] ? 'none' : 'auto',
    fileName: basename(path),
  });
  if (!r.ok) throw inFile(r.error, path, split);
  return { table: r.value, mapping, split };
}

/** Each file's dropped rows, parse and mapping together, the first line numbers in file order. */
function skippedRows(parts: DatasetPart[], paths: string[], report: AssembleReport): SkippedRowsReport[] {
  return parts.flatMap((p, i) => {
    const lists = [p.table.skipped, ...report.skipped.filter((s) => s.part === i).map((s) => s.skipped)];
    const count = lists.reduce((n, l) => n + l.count, 0);
    if (count === 0) return [];
    const listed = lists.flatMap((l) => l.firstLines.map((line, k) => ({ line, reason: l.reasons[k] }))).sort((a, b) => a.line - b.line);
    const first = listed.slice(0, MAX_LISTED_SKIPS);
    return [{ split: p.split, file: paths[i], count, firstLines: first.map((x) => x.line), reasons: first.map((x) => x.reason) }];
  });
}

/** "skipped 7 bad rows of --train data.tsv (lines 3, 8, 9, 12, 20, …): line 3 has 3 fields, but the header has 2". */
export function skippedRowsLine(s: SkippedRowsReport): string {
  const lines = `${s.firstLines.join(', ')}${s.count > s.firstLines.length ? ', …' : ''}`;
  return `skipped ${s.count} bad row${s.count === 1 ? '' : 's'} of ${FLAG[s.split]} ${s.file} (line${s.count === 1 ? '' : 's'} ${lines}): ${s.reasons[0]}`;
}

/** At most n examples, a seeded random subset (files and built-in splits may be ordered by label). */
function cap<T>(xs: T[], n: number | undefined): T[] {
  return n === undefined || n >= xs.length ? xs : seededShuffle(xs, 0x5ab5e7).slice(0, n);
}

/** A split cap flag: a whole number ≥ 0, or undefined when absent. */
function capArg(v: Values, flag: string): number | undefined {
  const raw = v[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UsageError(`--${flag} must be a whole number ≥ 0, got "${String(raw)}"`);
  return n;
}

export async function datasetFromArgs(
  v: Values,
  loadBuiltin: (id: string) => Promise<DatasetPayload>,
  warn: (line: string) => void = (line) => console.error(line),
): Promise<DatasetPayload> {
  const maxTrain = capArg(v, 'max-train');
  // --max-eval caps every evaluation split; --max-val / --max-test / --max-ood override it per split.
  const maxEval = capArg(v, 'max-eval');
  const maxVal = capArg(v, 'max-val') ?? maxEval,
    maxTest = capArg(v, 'max-test') ?? maxEval,
    maxOod = capArg(v, 'max-ood') ?? maxEval;
  let ds: DatasetPayload;
  if (v.dataset) ds = await loadBuiltin(String(v.dataset));
  else {
    if (!v.train) throw new UsageError('give --dataset ID or --train FILE (with --text-col and --label-col)');
    const text = column(v['text-col'] as string | undefined) ?? 'text';
    const mapping: ColumnMapping = {
      text,
      textPair: column(v['text-pair-col'] as string | undefined),
      label: column(v['label-col'] as string | undefined) ?? 'label',
    };
    // One column in two roles is a mistake in the flags: say so before reading any file.
    const roles = [
      ['--text-col', mapping.text],
      ['--text-pair-col', mapping.textPair],
      ['--label-col', mapping.label],
    ] as const;
    for (let i = 0; i < roles.length; i++)
      for (let j = i + 1; j < roles.length; j++)
        if (roles[i][1] !== undefined && roles[i][1] === roles[j][1])
          throw new UsageError(`${roles[i][0]} and ${roles[j][0]} name the same column (${JSON.stringify(roles[i][1])}); choose different columns`);
    const files: [SplitName, string | boolean | undefined][] = [
      ['train', v.train],
      ['validation', v.validation],
      ['test', v.test],
      ['ood', v.ood],
    ];
    const parts: DatasetPart[] = [];
    const paths: string[] = [];
    for (const [split, path] of files) {
      if (!path) continue;
      const m = split === 'ood' ? { text: column(v['ood-text-col'] as string | undefined) ?? text, label: undefined } : mapping;
      parts.push(await readPart(String(path), split, m, v));
      paths.push(String(path));
    }
    const r = assembleDataset(parts, { id: basename(String(v.train)), name: basename(String(v.train)), skipBadRows: Boolean(v['skip-bad-rows']) });
    if (!r.ok) {
      const i = parts.findIndex((p) => p.split === r.error.split);
      throw i >= 0 ? inFile(r.error, paths[i], parts[i].split) : new DataErrorException(r.error);
    }
    // Before training, on stderr: they do not stop the run, but they may mean a wrong file or column.
    for (const w of r.value.report.warnings) warn(`warning: ${w.message}`);
    const skipped = skippedRows(parts, paths, r.value.report);
    for (const s of skipped) warn(skippedRowsLine(s));
    ds = toDatasetPayload(r.value.dataset);
    if (skipped.length) ds.skippedRows = skipped;
  }
  return { ...ds, train: cap(ds.train, maxTrain), validation: cap(ds.validation, maxVal), test: cap(ds.test, maxTest), ood: cap(ds.ood, maxOod) };
}
