// Where model files come from. A ModelSource answers "how big is file X" (without downloading
// it, so a size limit can refuse a model up front) and "give me file X" (null when absent).
// Sources: a base URL, the embedded default model, a Hugging Face Hub id, a list of Files.
// (A directory in Node lives in node_dir_source.ts so browser bundles never import node:fs.)

import { ModelError } from './errors';

export interface ModelSource {
  /** Shown to the user and stored as the model's id. */
  readonly id: string;
  /** Size in bytes, null when the file is absent, undefined when unknown (no Content-Length). */
  size(name: string): Promise<number | null | undefined>;
  /** The file's bytes, or null when it is absent. */
  read(name: string): Promise<Uint8Array | null>;
}

export type FetchLike = (url: string, init?: { method?: string; signal?: AbortSignal }) => Promise<Response>;

export const EMBEDDED_MODEL_ID = 'blora-tiny-uncased';
export const EMBEDDED_MODEL_PATH = `models/${EMBEDDED_MODEL_ID}/`;

/** Files under a base URL (ending with or without '/'). 404 means absent; other failures throw. */
export function urlSource(baseUrl: string, opts: { id?: string; fetch?: FetchLike; signal?: AbortSignal } = {}): ModelSource {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const doFetch: FetchLike = opts.fetch ?? ((u, i) => fetch(u, i));
  const get = async (name: string, method: 'GET' | 'HEAD'): Promise<Response | null> => {
    let res: Response;
    try {
      res = await doFetch(base + name, { method, signal: opts.signal });
    } catch (e) {
      throw new ModelError({ code: 'fetch_failed', file: name, message: `could not fetch ${base + name}: ${String(e)}`, cause: e });
    }
    if (res.status === 404) return null;
    // Some static servers refuse HEAD: the size is then unknown, not an error.
    if (method === 'HEAD' && (res.status === 405 || res.status === 501)) return res;
    if (!res.ok) throw new ModelError({ code: 'fetch_failed', file: name, message: `fetching ${base + name} failed: HTTP ${res.status}` });
    return res;
  };
  return {
    id: opts.id ?? base,
    async size(name) {
      const res = await get(name, 'HEAD');
      if (!res) return null;
      if (!res.ok) return undefined;
      // The Hub answers HEAD on LFS files with a redirect; X-Linked-Size carries the real size.
      const len = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
      return len !== null && /^\d+$/.test(len) ? Number(len) : undefined;
    },
    async read(name) {
      const res = await get(name, 'GET');
      return res ? new Uint8Array(await res.arrayBuffer()) : null;
    },
  };
}

/**
 * The default model shipped with the app, under its base URL. A relative base (Vite's './') is
 * resolved against the page; a worker would resolve it against its own script URL, so the UI
 * must pass appBaseUrlFromDocument() to the worker.
 */
export function embeddedSource(appBaseUrl: string = appBaseUrlFromDocument(), opts: { fetch?: FetchLike } = {}): ModelSource {
  const base = appBaseUrl.endsWith('/') ? appBaseUrl : appBaseUrl + '/';
  return urlSource(base + EMBEDDED_MODEL_PATH, { id: EMBEDDED_MODEL_ID, fetch: opts.fetch });
}

/** Vite's BASE_URL, made absolute against the page when there is one. */
export function appBaseUrlFromDocument(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  if (typeof document !== 'undefined' && !/^[a-z][a-z0-9+.-]*:/i.test(base)) return new URL(base, document.baseURI).href;
  return base;
}

// Hub ids: "name" or "owner/name"; letters, digits, '-', '_', '.'; no '..' or leading/trailing separators.
const HUB_ID = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\/)?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export function hubFileUrl(modelId: string, file: string, revision = 'main'): string {
  return `${hubBaseUrl(modelId, revision)}${file}`;
}

export function hubBaseUrl(modelId: string, revision = 'main'): string {
  const id = modelId.trim();
  if (!HUB_ID.test(id) || id.includes('..') || id.length > 96) {
    throw new ModelError({ code: 'bad_source', message: `"${modelId}" is not a Hugging Face model id (expected owner/name)` });
  }
  return `https://huggingface.co/${id}/resolve/${encodeURIComponent(revision)}/`;
}

/** A model on the Hugging Face Hub (needs network access and CORS; the Hub sends CORS headers). */
export function hubSource(modelId: string, opts: { revision?: string; fetch?: FetchLike; signal?: AbortSignal } = {}): ModelSource {
  return urlSource(hubBaseUrl(modelId, opts.revision), { id: `hf:${modelId.trim()}`, fetch: opts.fetch, signal: opts.signal });
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
    async read(name) {
      const f = byName.get(name);
      return f ? new Uint8Array(await f.arrayBuffer()) : null;
    },
  };
}
