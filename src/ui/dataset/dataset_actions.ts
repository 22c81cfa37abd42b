// What the data set panel does: load built-ins, parse dropped files in the parse worker, build
// and store local data sets, and restore a stored one. Failures go to the dataset store's error
// and never replace the data set in use.
import { fetchBuiltinSource, loadBuiltinDataset, loadBuiltinIndex, type BuiltinIndex } from '../../data/builtin';
import { DatasetStore, type StoredDatasetMeta } from '../../data/dataset_store';
import { dataError, type Result } from '../../data/errors';
import { ParseClient } from '../../data/parse_client';
import type { Dataset, ParseOptions, ParsedTable } from '../../data/types';
import { appStore } from '../../state/store';
import { useDataset } from './dataset_store';
import type { ImportChoice } from './LocalImportEditor';
import { buildLocalImport } from './local_import';
import { skippedRowsNote } from './skip_bad_rows';

const source = () => fetchBuiltinSource(document.baseURI);
let parser: ParseClient | null = null;
let storeP: Promise<DatasetStore> | null = null;
const store = () => (storeP ??= DatasetStore.open());

export async function fetchIndex(): Promise<Result<BuiltinIndex>> {
  return loadBuiltinIndex(source());
}

export async function loadBuiltin(id: string): Promise<boolean> {
  const ds = useDataset.getState();
  if (ds.dataset?.id === id) return true;
  ds.startLoading(id);
  const r = await loadBuiltinDataset(id, source());
  if (!r.ok) {
    useDataset.getState().failed(r.error);
    return false;
  }
  useDataset.getState().loaded(r.value);
  return true;
}

/** Parses every file; the first failure is reported and nothing else changes. */
export async function parseFiles(files: File[], options: Pick<ParseOptions, 'quote' | 'skipBadRows'> = {}): Promise<ParsedTable[] | null> {
  parser ??= new ParseClient();
  useDataset.getState().startLoading(files.map((f) => f.name).join(', '));
  const tables: ParsedTable[] = [];
  for (const f of files) {
    const r = await parser.parse(f, { ...options, fileName: f.name });
    if (!r.ok) {
      useDataset.getState().failed(r.error);
      return null;
    }
    tables.push(r.value);
  }
  useDataset.setState({ loading: null });
  return tables;
}

async function keep(dataset: Dataset): Promise<StoredDatasetMeta | null> {
  try {
    const r = await (await store()).putDataset(dataset);
    return r.ok ? r.value : null;
  } catch {
    return null; // storage is a convenience: the data set is still used in this tab
  }
}

/** Builds the data set from the editor's choices, uses it, and remembers it in IndexedDB. */
export async function applyLocal(tables: ParsedTable[], c: ImportChoice): Promise<boolean> {
  const r = buildLocalImport(tables, c.roles, c.mapping, c.split, c.labelNames, c.skipBadRows, 'local');
  if (!r.ok) {
    useDataset.getState().failed(r.error);
    return false;
  }
  const meta = await keep(r.value.dataset);
  const dataset = meta ? { ...r.value.dataset, id: `local-${meta.hash.slice(0, 12)}` } : r.value.dataset;
  useDataset.getState().loaded(dataset, skippedRowsNote(r.value.skipped));
  if (meta) appStore.getState().actions.setDataset({ kind: 'local', hash: meta.hash, name: meta.name });
  return true;
}

export async function listStored(): Promise<StoredDatasetMeta[]> {
  try {
    return await (await store()).list();
  } catch {
    return [];
  }
}

export async function removeStored(hash: string): Promise<void> {
  await (await store()).remove(hash);
}

/** Restores a stored data set (by full hash or a prefix of it, as links carry). */
export async function loadStored(hash: string, name: string): Promise<boolean> {
  const ds = useDataset.getState();
  if (ds.dataset?.id === `local-${hash.slice(0, 12)}`) return true;
  ds.startLoading(name);
  let found: Awaited<ReturnType<Awaited<ReturnType<typeof store>>['get']>> | undefined;
  let missing = `The local data set “${name}” is not stored in this browser (links never carry file contents). Drop the file again to use it.`;
  try {
    const s = await store();
    const resolved = await s.resolveRef({ kind: 'local', hash, name });
    if (resolved.status === 'found') found = await s.get(resolved.meta.hash);
    else if (resolved.status === 'not-available-locally') missing = resolved.message;
  } catch {
    found = undefined;
  }
  if (!found || found.content.kind !== 'dataset') {
    useDataset.getState().failed(dataError('READ_FAILED', missing, { file: name }));
    return false;
  }
  useDataset.getState().loaded({ ...found.content.dataset, id: `local-${found.hash.slice(0, 12)}` });
  return true;
}
