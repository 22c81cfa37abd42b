import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { refMatchesHash } from './dataset_ref';
import { DatasetStore } from './dataset_store';
import { sha256Hex } from './hash';
import type { Dataset } from './types';

const enc = (s: string) => new TextEncoder().encode(s);

describe('dataset refs', () => {
  it('a local ref matches its file by full hash or prefix, case-insensitively; a built-in never does', () => {
    const hash = 'abcdef0123456789'.repeat(4);
    expect(refMatchesHash({ kind: 'local', hash, name: 'a.csv' }, hash)).toBe(true);
    expect(refMatchesHash({ kind: 'local', hash: 'ABCDEF0123456789', name: 'a.csv' }, hash)).toBe(true);
    expect(refMatchesHash({ kind: 'local', hash: 'abcdef0123456780', name: 'a.csv' }, hash)).toBe(false);
    expect(refMatchesHash({ kind: 'builtin', id: 'fine-foods' }, hash)).toBe(false);
  });

  it('sha256Hex matches a known vector', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('DatasetStore (fake-indexeddb)', () => {
  it('stores files and data sets, lists newest first, gets, removes, survives reopening', async () => {
    const factory = new IDBFactory();
    const store = await DatasetStore.open({ factory });
    const bytes = enc('text,label\nhello,1\nbye,0\n');
    const a = await store.putFile('a.csv', bytes, { mapping: { text: 'text', label: 'label' }, split: 'split', rows: 2 });
    if (!a.ok) throw new Error(a.error.message);
    expect(a.value.hash).toBe(await sha256Hex(bytes));
    expect(a.value.size).toBe(bytes.length);
    await new Promise((r) => setTimeout(r, 5));
    const ds: Dataset = {
      id: 'd',
      name: 'parsed',
      labelNames: ['n', 'p'],
      splits: {
        train: [
          { text: 'x', label: 0 },
          { text: 'y', textPair: 'z', label: 1 },
        ],
      },
    };
    const b = await store.putDataset(ds);
    if (!b.ok) throw new Error(b.error.message);
    expect(b.value.rows).toBe(2);
    expect((await store.list()).map((m) => m.name)).toEqual(['parsed', 'a.csv']);
    store.close();

    // "Reload": a new connection to the same database.
    const again = await DatasetStore.open({ factory });
    const got = await again.get(a.value.hash);
    expect(got?.content).toEqual({ kind: 'text', text: 'text,label\nhello,1\nbye,0\n' });
    expect(got?.mapping).toEqual({ text: 'text', label: 'label' });
    const gotDs = await again.get(b.value.hash);
    expect(gotDs?.content).toEqual({ kind: 'dataset', dataset: ds });

    // Same content again: one record, not two.
    await again.putFile('renamed.csv', bytes);
    expect((await again.list()).length).toBe(2);

    await again.remove(a.value.hash);
    expect(await again.get(a.value.hash)).toBeUndefined();
    expect((await again.list()).map((m) => m.name)).toEqual(['parsed']);
    again.close();
  });

  it('resolves refs: found (by hash prefix, same name first), not available locally, builtin', async () => {
    const store = await DatasetStore.open({ factory: new IDBFactory() });
    const put = await store.putFile('reviews.tsv', enc('text\tlabel\ngood\t1\nbad\t0\n'));
    if (!put.ok) throw new Error(put.error.message);
    const found = await store.resolveRef({ kind: 'local', hash: put.value.hash.slice(0, 16), name: 'reviews.tsv' });
    expect(found.status).toBe('found');
    expect(found.status === 'found' && found.meta.hash).toBe(put.value.hash);
    const missing = await store.resolveRef({ kind: 'local', hash: 'f'.repeat(64), name: 'other.csv' });
    expect(missing.status).toBe('not-available-locally');
    expect(missing.status === 'not-available-locally' && missing.message).toContain('“other.csv” is not stored in this browser');
    expect(await store.resolveRef({ kind: 'builtin', id: 'fine-foods' })).toEqual({ status: 'builtin', id: 'fine-foods' });
    store.close();
  });

  it('refuses to store bytes that are not UTF-8, leaving the store unchanged', async () => {
    const store = await DatasetStore.open({ factory: new IDBFactory() });
    const r = await store.putFile('bad.csv', new Uint8Array([0x61, 0xff, 0x62]));
    expect(!r.ok && r.error.code).toBe('INVALID_UTF8');
    expect(await store.list()).toEqual([]);
    store.close();
  });
});
