// Built-in data sets (public/datasets/): the index, and one data set's splits fetched, gunzipped,
// parsed and label-mapped with the data module's parser and mapping.
import { mapTable } from '../../data/mapping';
import { gunzipSync } from 'fflate';
import { parseBytes } from '../../data/parse';
import { dataError, type DataError, type Result } from '../../data/errors';
import type { Dataset, Example, SplitName } from '../../data/types';

export interface BuiltinEntry {
  id: string;
  name: string;
  task: string;
  labelNames: string[];
  manifest: string;
  rows: Partial<Record<SplitName, number>>;
  license: string;
}

export interface BuiltinIndex { default: string; datasets: BuiltinEntry[] }

interface Manifest {
  id: string;
  name: string;
  labelNames: string[];
  labelField: string;
  textFields: string[];
  splits: Partial<Record<SplitName, { file: string }>>;
}

const base = () => new URL('datasets/', document.baseURI);

export async function fetchBuiltinIndex(): Promise<BuiltinIndex> {
  const res = await fetch(new URL('index.json', base()));
  if (!res.ok) throw new Error(`could not load the built-in data set list (HTTP ${res.status})`);
  return (await res.json()) as BuiltinIndex;
}

/** Gzip is detected by its magic bytes, so a server that already decoded it also works. */
function maybeGunzip(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

export async function loadBuiltin(entry: BuiltinEntry): Promise<Result<Dataset>> {
  const fail = (e: DataError): Result<Dataset> => ({ ok: false, error: e });
  const mres = await fetch(new URL(entry.manifest, base()));
  if (!mres.ok) return fail(dataError('READ_FAILED', `could not load ${entry.manifest} (HTTP ${mres.status})`));
  const manifest = (await mres.json()) as Manifest;
  const dir = new URL(entry.manifest.replace(/[^/]*$/, ''), base());
  const splits: Partial<Record<SplitName, Example[]>> = {};
  for (const [name, info] of Object.entries(manifest.splits) as [SplitName, { file: string }][]) {
    const res = await fetch(new URL(info.file, dir));
    if (!res.ok) return fail(dataError('READ_FAILED', `could not load ${info.file} (HTTP ${res.status})`, { file: info.file }));
    const parsed = parseBytes(maybeGunzip(new Uint8Array(await res.arrayBuffer())), { format: 'jsonl', fileName: info.file });
    if (!parsed.ok) return parsed;
    const mapped = mapTable(parsed.value, { text: manifest.textFields[0], textPair: manifest.textFields[1], label: manifest.labelField }, {
      labels: { values: manifest.labelNames, labelNames: manifest.labelNames },
      unlabelled: name === 'ood',
    });
    if (!mapped.ok) return mapped;
    splits[name] = mapped.value.examples;
  }
  if (!splits.train) return fail(dataError('EMPTY_SPLIT', `${entry.id} has no train split`));
  return { ok: true, value: { id: entry.id, name: entry.name, labelNames: manifest.labelNames, splits: { ...splits, train: splits.train } } };
}
