// Built-in data sets (public/datasets/<id>/dataset.json + gzip JSON Lines splits). The loader
// reads through a BuiltinSource, so the same code serves the browser (fetch relative to the base
// URL) and Node (files from the repo's public/ folder, see builtin_node.ts).
import { catchDataErrorAsync, fail, type Result } from './errors';
import { mapTable } from './mapping';
import { parseBytes } from './parse';
import { SPLIT_NAMES, type Dataset, type Example, type SplitName } from './types';

export interface BuiltinIndexEntry {
  id: string;
  name: string;
  task: string;
  labelNames: string[];
  /** Manifest path relative to datasets/. */
  manifest: string;
  rows: Partial<Record<SplitName, number>>;
  license: string;
}

export interface BuiltinIndex {
  default: string;
  datasets: BuiltinIndexEntry[];
}

export interface BuiltinSplitFile {
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
  labelCounts: Record<string, number>;
}

export interface BuiltinManifest {
  id: string;
  name: string;
  task: string;
  labelNames: string[];
  labelField: string;
  /** First is the text, the optional second the paired text. */
  textFields: string[];
  /** What makes the ood split out of distribution. */
  shift: string;
  provenance: { package: string; version: string; source: string; license: string; preparedBy: string; notes?: string; [k: string]: string | undefined };
  format: 'jsonl.gz';
  splits: Partial<Record<SplitName, BuiltinSplitFile>>;
}

/** Reads a file below datasets/ (e.g. "fine-foods/train.jsonl.gz"). */
export interface BuiltinSource {
  read(path: string): Promise<Uint8Array>;
  /** Where it reads from, for messages. */
  describe: string;
}

/** Browser source: fetch relative to the app's base URL (Vite's BASE_URL by default). */
export function fetchBuiltinSource(baseUrl?: string, fetcher: typeof fetch = (...a) => fetch(...a)): BuiltinSource {
  const base = baseUrl ?? (import.meta.env?.BASE_URL as string | undefined) ?? '/';
  // A page resolves against document.baseURI; a worker must pass an absolute baseUrl (its own
  // location is the worker script's URL, and Vite's BASE_URL may be relative, e.g. './').
  const g = globalThis as { document?: { baseURI: string }; location?: { href: string } };
  const page = g.document?.baseURI ?? g.location?.href ?? 'http://localhost/';
  const root = new URL('datasets/', new URL(base.endsWith('/') ? base : `${base}/`, page));
  return {
    describe: root.href,
    async read(path) {
      const url = new URL(path, root);
      let res: Response;
      try {
        res = await fetcher(url.href);
      } catch (e) {
        fail('READ_FAILED', `Could not fetch ${url.href}: ${(e as Error).message}`, { file: path });
      }
      if (!res.ok) fail('READ_FAILED', `Could not fetch ${url.href} (HTTP ${res.status}).`, { file: path });
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

async function readJson<T>(source: BuiltinSource, path: string): Promise<T> {
  const bytes = await source.read(path);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (e) {
    fail('INVALID_JSON', `${path} from ${source.describe} is not valid JSON: ${(e as Error).message}`, { file: path });
  }
}

export function loadBuiltinIndex(source: BuiltinSource): Promise<Result<BuiltinIndex>> {
  return catchDataErrorAsync(() => readJson<BuiltinIndex>(source, 'index.json'));
}

export function loadBuiltinManifest(id: string, source: BuiltinSource): Promise<Result<BuiltinManifest>> {
  return catchDataErrorAsync(async () => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) fail('READ_FAILED', `"${id}" is not a built-in data set id.`);
    return readJson<BuiltinManifest>(source, `${id}/dataset.json`);
  });
}

/** One split's examples; checks the row count against the manifest. */
async function loadSplit(manifest: BuiltinManifest, split: SplitName, source: BuiltinSource): Promise<Example[]> {
  const info = manifest.splits[split]!;
  const path = `${manifest.id}/${info.file}`;
  // The parser recognises gzip by its magic bytes and checks its CRC-32 and length as it streams
  // (so a server that already decoded it, Content-Encoding: gzip, also works).
  const parsed = parseBytes(await source.read(path), { format: 'jsonl', fileName: info.file });
  if (!parsed.ok) fail(parsed.error.code, parsed.error.message, parsed.error);
  const mapped = mapTable(
    parsed.value,
    { text: manifest.textFields[0], textPair: manifest.textFields[1], label: manifest.labelField },
    {
      labels: { values: manifest.labelNames, labelNames: manifest.labelNames },
      unlabelled: split === 'ood',
    },
  );
  if (!mapped.ok) fail(mapped.error.code, mapped.error.message, mapped.error);
  if (mapped.value.examples.length !== info.rows) {
    fail('READ_FAILED', `${path} has ${mapped.value.examples.length} rows, but its manifest says ${info.rows}.`, { file: path });
  }
  return mapped.value.examples;
}

/** A whole built-in data set (or only the named splits). */
export function loadBuiltinDataset(id: string, source: BuiltinSource, only?: SplitName[]): Promise<Result<Dataset>> {
  return catchDataErrorAsync(async () => {
    const m = await loadBuiltinManifest(id, source);
    if (!m.ok) fail(m.error.code, m.error.message, m.error);
    const manifest = m.value;
    if (!manifest.splits.train) fail('EMPTY_SPLIT', `The built-in data set "${id}" has no train split.`);
    const wanted = SPLIT_NAMES.filter((s) => manifest.splits[s] && (!only || only.includes(s) || s === 'train'));
    const loaded = await Promise.all(wanted.map((s) => loadSplit(manifest, s, source)));
    const splits: Partial<Record<SplitName, Example[]>> = Object.fromEntries(wanted.map((s, i) => [s, loaded[i]]));
    return { id: manifest.id, name: manifest.name, labelNames: manifest.labelNames, splits: { ...splits, train: splits.train! } };
  });
}
