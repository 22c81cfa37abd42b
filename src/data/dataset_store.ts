// Dropped data sets kept in IndexedDB so they survive a reload. Two object stores: "meta" (small,
// listed often) and "content" (the raw text or the parsed data set), both keyed by SHA-256.
// A link holds only the file's hash and name (a DatasetRef); resolveRef says when a referenced file
// is not in this browser, so the UI can ask for it again.
import { dataError, err, ok, type Result } from './errors';
import { type DatasetRef, refMatchesHash } from './dataset_ref';
import { sha256Hex } from './hash';
import type { ColumnMapping, Dataset, ParseOptions, SplitName } from './types';

const DB_NAME = 'blora-datasets';
const DB_VERSION = 1;

export interface StoredDatasetMeta {
  /** SHA-256 (hex) of the raw bytes, or of the data set's JSON for parsed content. */
  hash: string;
  name: string;
  /** Bytes of the original file (or of the JSON). */
  size: number;
  /** ms since epoch. */
  addedAt: number;
  kind: 'text' | 'dataset';
  /** How to read the text again (kind 'text'). */
  mapping?: ColumnMapping;
  parseOptions?: ParseOptions;
  split?: SplitName | 'split';
  rows?: number;
}

export type StoredContent = { kind: 'text'; text: string } | { kind: 'dataset'; dataset: Dataset };

export interface StoredDataset extends StoredDatasetMeta {
  content: StoredContent;
}

export type ResolvedRef =
  | { status: 'builtin'; id: string }
  | { status: 'found'; meta: StoredDatasetMeta }
  | { status: 'not-available-locally'; name: string; hash: string; message: string };

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export class DatasetStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** Open (or create) the database. `factory` defaults to globalThis.indexedDB. */
  static async open(opts: { factory?: IDBFactory; dbName?: string } = {}): Promise<DatasetStore> {
    const factory = opts.factory ?? globalThis.indexedDB;
    if (!factory) throw new Error('IndexedDB is not available in this environment');
    const open = factory.open(opts.dbName ?? DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'hash' });
      if (!db.objectStoreNames.contains('content')) db.createObjectStore('content');
    };
    return new DatasetStore(await req(open));
  }

  close(): void {
    this.db.close();
  }

  /** Store raw file bytes (must be UTF-8) with how to read them. Same content → same record (name and time updated). */
  async putFile(
    name: string,
    bytes: Uint8Array,
    extra: Pick<StoredDatasetMeta, 'mapping' | 'parseOptions' | 'split' | 'rows'> = {},
  ): Promise<Result<StoredDatasetMeta>> {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return err(dataError('INVALID_UTF8', `"${name}" is not valid UTF-8 and was not stored.`, { file: name }));
    }
    const hash = await sha256Hex(bytes);
    return this.write({ hash, name, size: bytes.length, addedAt: Date.now(), kind: 'text', ...extra }, { kind: 'text', text });
  }

  /** Store an already parsed data set (keyed by the hash of its JSON). */
  async putDataset(dataset: Dataset, name = dataset.name): Promise<Result<StoredDatasetMeta>> {
    const json = JSON.stringify(dataset);
    const hash = await sha256Hex(json);
    const rows = Object.values(dataset.splits).reduce((a, s) => a + (s?.length ?? 0), 0);
    return this.write({ hash, name, size: new TextEncoder().encode(json).length, addedAt: Date.now(), kind: 'dataset', rows }, { kind: 'dataset', dataset });
  }

  private async write(meta: StoredDatasetMeta, content: StoredContent): Promise<Result<StoredDatasetMeta>> {
    try {
      const tx = this.db.transaction(['meta', 'content'], 'readwrite');
      tx.objectStore('meta').put(meta);
      tx.objectStore('content').put(content, meta.hash);
      await done(tx);
      return ok(meta);
    } catch (e) {
      const quota = (e as { name?: string })?.name === 'QuotaExceededError';
      return err(
        dataError(
          'STORAGE_FAILED',
          quota
            ? `There is no room left in this browser's storage for "${meta.name}" (${meta.size} bytes). Remove stored data sets and try again.`
            : `Could not store "${meta.name}": ${(e as Error)?.message ?? e}`,
          { file: meta.name, size: meta.size },
        ),
      );
    }
  }

  /** Every stored data set's metadata, newest first. */
  async list(): Promise<StoredDatasetMeta[]> {
    const tx = this.db.transaction('meta', 'readonly');
    const all = await req(tx.objectStore('meta').getAll() as IDBRequest<StoredDatasetMeta[]>);
    return all.sort((a, b) => b.addedAt - a.addedAt || a.name.localeCompare(b.name));
  }

  async get(hash: string): Promise<StoredDataset | undefined> {
    const tx = this.db.transaction(['meta', 'content'], 'readonly');
    const [meta, content] = await Promise.all([
      req(tx.objectStore('meta').get(hash) as IDBRequest<StoredDatasetMeta | undefined>),
      req(tx.objectStore('content').get(hash) as IDBRequest<StoredContent | undefined>),
    ]);
    return meta && content ? { ...meta, content } : undefined;
  }

  async remove(hash: string): Promise<void> {
    const tx = this.db.transaction(['meta', 'content'], 'readwrite');
    tx.objectStore('meta').delete(hash);
    tx.objectStore('content').delete(hash);
    await done(tx);
  }

  /** What a link's data set reference points to here: a built-in, a stored file (same name first), or a file this browser lacks. */
  async resolveRef(ref: DatasetRef): Promise<ResolvedRef> {
    if (ref.kind === 'builtin') return { status: 'builtin', id: ref.id };
    const matches = (await this.list()).filter((m) => refMatchesHash(ref, m.hash));
    const meta = matches.find((m) => m.name === ref.name) ?? matches[0];
    if (meta) return { status: 'found', meta };
    return {
      status: 'not-available-locally',
      name: ref.name,
      hash: ref.hash,
      message: `The local data set “${ref.name}” is not stored in this browser (links never carry file contents). Drop the file again to use it.`,
    };
  }
}
