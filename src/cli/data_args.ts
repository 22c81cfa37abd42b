// Data-set options of the CLI: files for train / validation / test / ood with a column mapping
// (the same parsing and validation code as the page), or a built-in data set by id.
import { basename } from 'node:path';
import { parseFilePath } from '../data/node_file';
import { assembleDataset, seededShuffle, toDatasetPayload, type DatasetPart } from '../data/splits';
import type { ColumnMapping, SplitName } from '../data/types';
import { DataErrorException } from '../data/errors';
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
  if (!r.ok) throw new DataErrorException(r.error);
  return { table: r.value, mapping, split };
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
    const parts: DatasetPart[] = [await readPart(String(v.train), 'train', mapping, v)];
    if (v.validation) parts.push(await readPart(String(v.validation), 'validation', mapping, v));
    if (v.test) parts.push(await readPart(String(v.test), 'test', mapping, v));
    if (v.ood) parts.push(await readPart(String(v.ood), 'ood', { text: column(v['ood-text-col'] as string | undefined) ?? text, label: undefined }, v));
    const r = assembleDataset(parts, { id: basename(String(v.train)), name: basename(String(v.train)), skipBadRows: Boolean(v['skip-bad-rows']) });
    if (!r.ok) throw new DataErrorException(r.error);
    // Before training, on stderr: they do not stop the run, but they may mean a wrong file or column.
    for (const w of r.value.report.warnings) warn(`warning: ${w.message}`);
    ds = toDatasetPayload(r.value.dataset);
  }
  return { ...ds, train: cap(ds.train, maxTrain), validation: cap(ds.validation, maxVal), test: cap(ds.test, maxTest), ood: cap(ds.ood, maxOod) };
}
