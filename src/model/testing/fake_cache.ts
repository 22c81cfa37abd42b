// An in-memory CacheStorage stand-in for tests: stores bodies and headers by key, can be told to
// fail, and counts what was asked of it.

import type { CacheLike, CacheStorageLike } from '../model_cache';

export interface FakeCacheStorage extends CacheStorageLike {
  entries: Map<string, Map<string, { body: Uint8Array; headers: [string, string][] }>>;
  /** When set, open() rejects with it (quota, private mode). */
  failOpen?: Error;
  /** When set, put() rejects with it. */
  failPut?: Error;
}

export function fakeCacheStorage(): FakeCacheStorage {
  const entries = new Map<string, Map<string, { body: Uint8Array; headers: [string, string][] }>>();
  const storage: FakeCacheStorage = {
    entries,
    async open(name) {
      if (storage.failOpen) throw storage.failOpen;
      let m = entries.get(name);
      if (!m) entries.set(name, (m = new Map()));
      const store = m;
      const cache: CacheLike = {
        async match(key) {
          const e = store.get(key);
          return e ? new Response(e.body.slice(), { headers: e.headers }) : undefined;
        },
        async put(key, res) {
          if (storage.failPut) throw storage.failPut;
          store.set(key, { body: new Uint8Array(await res.arrayBuffer()), headers: [...res.headers] });
        },
        async delete(key) {
          return store.delete(key);
        },
        async keys() {
          return [...store.keys()].map((url) => ({ url }));
        },
      };
      return cache;
    },
    async delete(name) {
      return entries.delete(name);
    },
    async keys() {
      return [...entries.keys()];
    },
  };
  return storage;
}
