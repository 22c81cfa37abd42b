// Where model files come from. A ModelSource answers "how big is file X" (without downloading
// it, so a size limit can refuse a model up front) and "give me file X" (null when absent).
// Sources: a base URL, the embedded default model, a Hugging Face Hub id, a list of Files.
// (A directory in Node lives in node_dir_source.ts so browser bundles never import node:fs.)

import { ModelError } from './errors';
import { getFile, headFile, type HeadInfo, type HttpOptions } from './http_fetch';
import type { ModelCache } from './model_cache';
import type { ReadProgress } from './read_body';
import type { RetryOptions } from './retry';

export interface ModelSource {
  /** Shown to the user and stored as the model's id. */
  readonly id: string;
  /** Size in bytes, null when the file is absent, undefined when unknown (no Content-Length). */
  size(name: string): Promise<number | null | undefined>;
  /** The file's bytes, or null when it is absent. onProgress follows a download (bytes so far). */
  read(name: string, opts?: ReadOptions): Promise<Uint8Array | null>;
}

export interface ReadOptions {
  onProgress?: (p: ReadProgress) => void;
}

export type FetchLike = (url: string, init?: { method?: string; signal?: AbortSignal; cache?: 'default' | 'no-store' }) => Promise<Response>;

export const EMBEDDED_MODEL_ID = 'blora-tiny-uncased';
export const EMBEDDED_MODEL_PATH = `models/${EMBEDDED_MODEL_ID}/`;

export interface UrlSourceOptions {
  id?: string;
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Keep downloaded files here and read them back next time (openModelCache()); none by default. */
  cache?: ModelCache | null;
  retry?: RetryOptions;
}

/** Files under a base URL (ending with or without '/'). 404 means absent; other failures throw. */
export function urlSource(baseUrl: string, opts: UrlSourceOptions = {}): ModelSource {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const cache = opts.cache ?? null;
  const http: HttpOptions = { fetch: opts.fetch ?? ((u, i) => fetch(u, i)), signal: opts.signal, retry: opts.retry, cacheMode: cache ? 'no-store' : undefined };
  // What HEAD said about each file: the cache key needs its size and version.
  const heads = new Map<string, Promise<HeadInfo | null>>();
  const head = (name: string) => {
    let h = heads.get(name);
    if (!h) heads.set(name, (h = headFile(base + name, name, http)));
    return h;
  };
  return {
    id: opts.id ?? base,
    async size(name) {
      const h = await head(name);
      return h === null ? null : h.size;
    },
    async read(name, ro = {}) {
      const url = base + name;
      // Only a file whose size is known is cached: without it a changed file could not be told apart.
      const h = cache ? await head(name) : undefined;
      const version = h?.size !== undefined ? { size: h.size, tag: h.tag } : null;
      if (cache && version) {
        const hit = await cache.get(url, version);
        if (hit) {
          ro.onProgress?.({ received: hit.length, total: hit.length, fromCache: true });
          return hit;
        }
      }
      const bytes = await getFile(url, name, http, ro.onProgress);
      if (bytes && cache && version && bytes.length === version.size) await cache.put(url, version, bytes);
      return bytes;
    },
  };
}

/**
 * The default model shipped with the app, under its base URL. A relative base (Vite's './') is
 * resolved against the page; a worker would resolve it against its own script URL, so the UI
 * must pass appBaseUrlFromDocument() to the worker.
 */
export function embeddedSource(appBaseUrl: string = appBaseUrlFromDocument(), opts: Omit<UrlSourceOptions, 'id'> = {}): ModelSource {
  const base = appBaseUrl.endsWith('/') ? appBaseUrl : appBaseUrl + '/';
  return urlSource(base + EMBEDDED_MODEL_PATH, { ...opts, id: EMBEDDED_MODEL_ID });
}

/** Vite's BASE_URL, made absolute against the page when there is one. */
export function appBaseUrlFromDocument(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  if (typeof document !== 'undefined' && !/^[a-z][a-z0-9+.-]*:/i.test(base)) return new URL(base, document.baseURI).href;
  return base;
}

// Hub ids: "name" or "owner/name"; letters, digits, '-', '_', '.'; no '..' or leading/trailing separators.
const HUB_ID = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\/)?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export const HUB_ENDPOINT = 'https://huggingface.co';
/** A Hub revision (branch, tag or commit): letters, digits, . _ -, at most 64; the link schema embeds it. */
export const HUB_REVISION_SOURCE = '[A-Za-z0-9][A-Za-z0-9._-]{0,63}';
const HUB_REVISION = new RegExp(`^${HUB_REVISION_SOURCE}$`);

export function hubFileUrl(modelId: string, file: string, revision = 'main'): string {
  return `${hubBaseUrl(modelId, revision)}${file}`;
}

/** `endpoint`: a Hub mirror (the CLI takes HF_ENDPOINT, as huggingface_hub does). */
export function hubBaseUrl(modelId: string, revision = 'main', endpoint = HUB_ENDPOINT): string {
  const id = modelId.trim();
  if (!HUB_ID.test(id) || id.includes('..') || id.length > 96) {
    throw new ModelError({ code: 'bad_source', message: `"${modelId}" is not a Hugging Face model id (expected owner/name)` });
  }
  return `${endpoint.replace(/\/+$/, '')}/${id}/resolve/${encodeURIComponent(revision)}/`;
}

/** `owner/name` or `owner/name@revision` (a branch, tag or commit), checked; throws a clear error. */
export function parseHubRef(text: string): { id: string; revision?: string } {
  const t = text.trim();
  const at = t.lastIndexOf('@');
  const id = at < 0 ? t : t.slice(0, at);
  const revision = at < 0 ? undefined : t.slice(at + 1);
  hubBaseUrl(id); // throws for an id that is not a Hub id
  if (revision !== undefined && !HUB_REVISION.test(revision))
    throw new ModelError({ code: 'bad_source', message: `"${revision}" is not a revision (a branch, tag or commit: letters, digits, . _ -)` });
  return revision ? { id, revision } : { id };
}

/** A model on the Hugging Face Hub (needs network access and CORS; the Hub sends CORS headers). */
export function hubSource(modelId: string, opts: Omit<UrlSourceOptions, 'id'> & { revision?: string; endpoint?: string } = {}): ModelSource {
  const { revision, endpoint, ...rest } = opts;
  // The id names the revision when one is pinned, so a link made from it loads the same files.
  return urlSource(hubBaseUrl(modelId, revision, endpoint), { ...rest, id: `hf:${modelId.trim()}${revision && revision !== 'main' ? `@${revision}` : ''}` });
}

/** The subset of the DOM File we use (so Node tests can pass plain objects or real Files). */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  readonly webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Files picked or dropped by the user. Matched by base name; when a folder holds several files
 * with the same name (e.g. checkpoints in subfolders) the shallowest one wins.
 */
export function filesSource(files: readonly FileLike[], id?: string): ModelSource {
  const byName = new Map<string, FileLike>();
  const depth = (f: FileLike) => (f.webkitRelativePath || f.name).split('/').length;
  for (const f of files) {
    const prev = byName.get(f.name);
    if (!prev || depth(f) < depth(prev)) byName.set(f.name, f);
  }
  const folder = files.find((f) => f.webkitRelativePath)?.webkitRelativePath?.split('/')[0];
  return {
    id: id ?? folder ?? 'local files',
    async size(name) {
      return byName.get(name)?.size ?? null;
    },
    async read(name, ro = {}) {
      const f = byName.get(name);
      if (!f) return null;
      const bytes = new Uint8Array(await f.arrayBuffer());
      ro.onProgress?.({ received: bytes.length, total: bytes.length, fromCache: false });
      return bytes;
    },
  };
}
