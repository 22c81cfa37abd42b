// One model file over HTTP: HEAD for its size and version, GET with retries and streamed progress.
// 404 means absent (null); a network error, a cut body or a 5xx/408/429 is retried with backoff;
// other statuses fail at once. Failures are ModelErrors naming the file and the attempts made.

import { ModelError } from './errors';
import { readBody, type ReadProgress } from './read_body';
import { PermanentError, RetriesExhausted, withRetry, type RetryOptions } from './retry';
import type { FetchLike } from './sources';

export interface HttpOptions {
  fetch: FetchLike;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** 'no-store' when the Cache API keeps the file: a second copy in the HTTP cache is waste (and
   * Chromium's failing HTTP-cache writes are what broke downloads, ERR_CACHE_WRITE_FAILURE). */
  cacheMode?: 'default' | 'no-store';
}

export interface HeadInfo {
  /** undefined when the server does not say (no Content-Length, or HEAD refused). */
  size?: number;
  /** ETag / X-Linked-Etag / Last-Modified, to tell versions of the file apart. */
  tag?: string;
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

async function request(url: string, name: string, method: 'GET' | 'HEAD', opts: HttpOptions, use: (res: Response) => Promise<unknown>): Promise<unknown> {
  try {
    const { value } = await withRetry(
      async () => {
        const res = await opts.fetch(url, { method, signal: opts.signal, ...(method === 'GET' && opts.cacheMode ? { cache: opts.cacheMode } : {}) });
        if (RETRY_STATUS.has(res.status)) throw new Error(`HTTP ${res.status}`);
        return use(res);
      },
      { ...opts.retry, signal: opts.signal },
    );
    return value;
  } catch (e) {
    if (e instanceof ModelError) throw e;
    const exhausted = e instanceof RetriesExhausted ? e : null;
    const tries = exhausted && exhausted.attempts > 1 ? ` (${exhausted.attempts} attempts)` : '';
    const last = exhausted ? exhausted.last : e;
    const why = last instanceof Error ? last.message : String(last);
    throw new ModelError({ code: 'fetch_failed', file: name, message: `could not download ${url}: ${why}${tries}`, cause: last });
  }
}

const permanent = (name: string, url: string, status: number) =>
  new PermanentError(new ModelError({ code: 'fetch_failed', file: name, message: `fetching ${url} failed: HTTP ${status}` }));

/** Size and version of url; null when absent (404). */
export async function headFile(url: string, name: string, opts: HttpOptions): Promise<HeadInfo | null> {
  return (await request(url, name, 'HEAD', opts, async (res) => {
    if (res.status === 404) return null;
    // Some static servers refuse HEAD: the size is then unknown, not an error.
    if (res.status === 405 || res.status === 501) return {};
    if (!res.ok) throw permanent(name, url, res.status);
    // The Hub answers HEAD on LFS files with a redirect; X-Linked-Size carries the real size.
    const len = res.headers.get('x-linked-size') ?? res.headers.get('content-length');
    const tag = res.headers.get('x-linked-etag') ?? res.headers.get('etag') ?? res.headers.get('last-modified') ?? undefined;
    return { size: len !== null && /^\d+$/.test(len) ? Number(len) : undefined, tag };
  })) as HeadInfo | null;
}

/** The bytes of url, or null when absent (404). A body cut short is retried like a network error. */
export async function getFile(url: string, name: string, opts: HttpOptions, onProgress?: (p: ReadProgress) => void): Promise<Uint8Array | null> {
  return (await request(url, name, 'GET', opts, async (res) => {
    if (res.status === 404) return null;
    if (!res.ok) throw permanent(name, url, res.status);
    return readBody(res, onProgress);
  })) as Uint8Array | null;
}
