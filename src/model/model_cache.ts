// Downloaded model files kept with the Cache API, so a second visit reads the weights from disk
// instead of the network. Keys are the file's URL plus what identifies its content (size and
// ETag/Last-Modified from HEAD): a changed file gets a new key and is never served stale. Where
// the Cache API is missing (Node, insecure contexts) or refuses (quota, private mode) there is no
// cache and files are fetched as usual: every cache fault is a miss, never a failed load.

/** Bump when the stored layout changes: older caches are then ignored and cleared. */
export const MODEL_CACHE_NAME = 'blora-models-v1';

/** The parts of the DOM Cache / CacheStorage used here (tests pass fakes). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, res: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  delete(name: string): Promise<boolean>;
  keys?(): Promise<string[]>;
}

/** What identifies one version of a file: its size and, when the server sends one, its validator. */
export interface FileVersion {
  size: number;
  /** ETag (or the Hub's X-Linked-Etag) or Last-Modified. */
  tag?: string;
}

export interface ModelCache {
  /** The stored bytes of this version of url, or null (absent, another version, or a cache fault). */
  get(url: string, version: FileVersion): Promise<Uint8Array | null>;
  /** Stores the bytes and drops other versions of url. Faults (quota) are swallowed: false. */
  put(url: string, version: FileVersion, bytes: Uint8Array): Promise<boolean>;
  /** Bytes of every file stored. */
  sizeBytes(): Promise<number>;
  clear(): Promise<void>;
}

const SIZE_HEADER = 'x-blora-bytes';
const KEY_PARAM = 'blora-cache';

/** The cache key: the URL with the version in a query parameter (Cache API ignores fragments). */
export function cacheKey(url: string, v: FileVersion): string {
  const u = new URL(url);
  u.searchParams.set(KEY_PARAM, `${v.size}:${v.tag ?? ''}`);
  return u.href;
}

function baseOf(key: string): string {
  const u = new URL(key);
  u.searchParams.delete(KEY_PARAM);
  return u.href;
}

/** The browser's CacheStorage when this context has one. */
export function defaultCacheStorage(): CacheStorageLike | undefined {
  const c = (globalThis as { caches?: CacheStorageLike }).caches;
  return c && typeof c.open === 'function' ? c : undefined;
}

/** A model cache over storage, or null when there is none. */
export function openModelCache(storage: CacheStorageLike | undefined = defaultCacheStorage()): ModelCache | null {
  if (!storage) return null;
  let opened: Promise<CacheLike | null> | null = null;
  const cache = () => {
    opened ??= (async () => {
      // Older layouts are dropped the first time this version opens.
      const names = (await storage.keys?.().catch(() => [])) ?? [];
      await Promise.all(names.filter((n) => n.startsWith('blora-models-') && n !== MODEL_CACHE_NAME).map((n) => storage.delete(n).catch(() => false)));
      return storage.open(MODEL_CACHE_NAME);
    })().catch(() => null);
    return opened;
  };
  return {
    async get(url, version) {
      try {
        const res = await (await cache())?.match(cacheKey(url, version));
        if (!res) return null;
        const bytes = new Uint8Array(await res.arrayBuffer());
        // A partial entry (a crash while writing) is a miss.
        return bytes.length === version.size ? bytes : null;
      } catch {
        return null;
      }
    },
    async put(url, version, bytes) {
      try {
        const c = await cache();
        if (!c) return false;
        const key = cacheKey(url, version);
        for (const k of await c.keys()) if (k.url !== key && baseOf(k.url) === baseOf(key)) await c.delete(k.url);
        // Awaited: the caller may rewrite the bytes in place afterwards (checkpoint_names.ts).
        await c.put(
          key,
          new Response(bytes as unknown as BodyInit, { headers: { 'content-type': 'application/octet-stream', [SIZE_HEADER]: String(bytes.length) } }),
        );
        return true;
      } catch {
        return false;
      }
    },
    async sizeBytes() {
      try {
        const c = await cache();
        if (!c) return 0;
        let total = 0;
        for (const k of await c.keys()) {
          const res = await c.match(k.url);
          total += Number(res?.headers.get(SIZE_HEADER) ?? 0) || 0;
        }
        return total;
      } catch {
        return 0;
      }
    },
    async clear() {
      opened = null;
      await storage.delete(MODEL_CACHE_NAME);
    },
  };
}
