import { describe, expect, it } from 'vitest';
import { ModelError } from './errors';
import { fakeCacheStorage } from './testing/fake_cache';
import { MODEL_CACHE_NAME, cacheKey, openModelCache } from './model_cache';
import type { ReadProgress } from './read_body';
import { PermanentError, RetriesExhausted, withRetry } from './retry';
import { urlSource, type FetchLike } from './sources';

const BASE = 'https://models.example/m/';
const noSleep = { sleep: async () => {} };

/** Bytes 0, 1, 2, … of length n. */
const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

/** A body in chunks of `chunk` bytes; `cutAt` ends the stream early (a dropped connection). */
function streamed(body: Uint8Array, chunk: number, cutAt?: number): ReadableStream<Uint8Array> {
  let off = 0;
  const end = cutAt ?? body.length;
  return new ReadableStream({
    pull(c) {
      if (off >= end) return c.close();
      c.enqueue(body.slice(off, Math.min(end, off + chunk)));
      off += chunk;
    },
  });
}

type Fault = 'network' | 'cut' | number;

/** A server of `files` whose GETs of a file fail as listed in `faults[name]`, one fault per request. */
function server(files: Record<string, Uint8Array>, faults: Record<string, Fault[]> = {}, headers: (name: string) => Record<string, string> = () => ({})) {
  const log: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const method = init?.method ?? 'GET';
    const name = url.slice(BASE.length);
    log.push(`${method} ${name}`);
    const body = files[name];
    if (!body) return new Response(null, { status: 404 });
    const h = { 'content-length': String(body.length), ...headers(name) };
    if (method === 'HEAD') return { ok: true, status: 200, headers: new Headers(h) } as unknown as Response;
    const fault = faults[name]?.shift();
    if (fault === 'network') throw new TypeError('Failed to fetch');
    if (typeof fault === 'number') return new Response('no', { status: fault });
    return new Response(streamed(body, 1000, fault === 'cut' ? 1500 : undefined), { status: 200, headers: h });
  };
  return { fetch, log, gets: (name: string) => log.filter((l) => l === `GET ${name}`).length };
}

async function failure(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected a failure');
}

describe('withRetry', () => {
  it('retries with growing pauses until a step succeeds', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const r = await withRetry(
      async () => {
        if (++calls < 3) throw new Error(`fail ${calls}`);
        return 'ok';
      },
      { attempts: 4, sleep: async (ms) => void pauses.push(ms) },
    );
    expect(r).toEqual({ value: 'ok', attempts: 3 });
    expect(pauses).toEqual([400, 1200]);
  });

  it('gives up after the last attempt with the last error and the count', async () => {
    let calls = 0;
    const e = await withRetry(async () => Promise.reject(new Error(`fail ${++calls}`)), { attempts: 3, ...noSleep }).catch((x) => x);
    expect(e).toBeInstanceOf(RetriesExhausted);
    expect((e as RetriesExhausted).attempts).toBe(3);
    expect((e as Error).message).toBe('fail 3');
  });

  it('does not retry a permanent error, nor after an abort', async () => {
    let calls = 0;
    const inner = new Error('forbidden');
    await expect(withRetry(async () => Promise.reject((calls++, new PermanentError(inner))), noSleep)).rejects.toBe(inner);
    expect(calls).toBe(1);
    const ac = new AbortController();
    ac.abort();
    calls = 0;
    await expect(withRetry(async () => Promise.reject(new Error(`x${++calls}`)), { ...noSleep, signal: ac.signal })).rejects.toThrow('x1');
    expect(calls).toBe(1);
  });
});

describe('urlSource downloads', () => {
  const weights = bytesOf(4500);

  it('retries a failed fetch, a cut body and a 503, then returns the whole file', async () => {
    const s = server({ 'model.safetensors': weights }, { 'model.safetensors': ['network', 'cut', 503] });
    const src = urlSource(BASE, { fetch: s.fetch, retry: { attempts: 4, ...noSleep } });
    const got = await src.read('model.safetensors');
    expect(got).toEqual(weights);
    expect(s.gets('model.safetensors')).toBe(4);
  });

  it('reports a download that keeps failing, naming the file and the attempts', async () => {
    const s = server({ 'model.safetensors': weights }, { 'model.safetensors': ['network', 'network', 'network', 'network'] });
    const e = await failure(urlSource(BASE, { fetch: s.fetch, retry: { attempts: 3, ...noSleep } }).read('model.safetensors'));
    expect(e.code).toBe('fetch_failed');
    expect(e.file).toBe('model.safetensors');
    expect(e.message).toContain('Failed to fetch');
    expect(e.message).toContain('3 attempts');
    expect(s.gets('model.safetensors')).toBe(3);
  });

  it('fails at once on a status a retry cannot fix, and treats 404 as absent', async () => {
    const s = server({ 'model.safetensors': weights }, { 'model.safetensors': [403] });
    const src = urlSource(BASE, { fetch: s.fetch, retry: noSleep });
    const e = await failure(src.read('model.safetensors'));
    expect(e.message).toContain('HTTP 403');
    expect(s.gets('model.safetensors')).toBe(1);
    expect(await src.read('nothing.json')).toBeNull();
    expect(s.gets('nothing.json')).toBe(1);
  });

  it('streams progress in bytes against Content-Length', async () => {
    const s = server({ 'model.safetensors': weights });
    const seen: ReadProgress[] = [];
    await urlSource(BASE, { fetch: s.fetch }).read('model.safetensors', { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.received)).toEqual([0, 1000, 2000, 3000, 4000, 4500]);
    expect(seen.every((p) => p.total === 4500 && !p.fromCache)).toBe(true);
  });

  it('does not take a compressed body for a cut one (Content-Length counts compressed bytes)', async () => {
    const s = server({ 'config.json': bytesOf(3000) }, {}, () => ({ 'content-encoding': 'gzip', 'content-length': '200' }));
    expect((await urlSource(BASE, { fetch: s.fetch, retry: noSleep }).read('config.json'))?.length).toBe(3000);
  });
});

describe('model cache', () => {
  const weights = bytesOf(4500);

  it('serves a second load from the cache with no GET, and reports it', async () => {
    const storage = fakeCacheStorage();
    const s = server({ 'model.safetensors': weights }, {}, () => ({ etag: '"v1"' }));
    const first = urlSource(BASE, { fetch: s.fetch, cache: openModelCache(storage) });
    expect(await first.read('model.safetensors')).toEqual(weights);
    expect(s.gets('model.safetensors')).toBe(1);
    const stored = [...(storage.entries.get(MODEL_CACHE_NAME)?.keys() ?? [])];
    expect(stored).toEqual([cacheKey(`${BASE}model.safetensors`, { size: 4500, tag: '"v1"' })]);

    const seen: ReadProgress[] = [];
    const second = urlSource(BASE, { fetch: s.fetch, cache: openModelCache(storage) });
    expect(await second.read('model.safetensors', { onProgress: (p) => seen.push(p) })).toEqual(weights);
    expect(s.gets('model.safetensors')).toBe(1);
    expect(seen).toEqual([{ received: 4500, total: 4500, fromCache: true }]);
    expect(await openModelCache(storage)?.sizeBytes()).toBe(4500);
  });

  it('does not serve a changed file stale, and keeps only its newest version', async () => {
    const storage = fakeCacheStorage();
    let tag = '"v1"';
    const files = { 'model.safetensors': weights };
    const s = server(files, {}, () => ({ etag: tag }));
    await urlSource(BASE, { fetch: s.fetch, cache: openModelCache(storage) }).read('model.safetensors');
    tag = '"v2"'; // same size, new content
    files['model.safetensors'] = weights.map((b) => 255 - b);
    const got = await urlSource(BASE, { fetch: s.fetch, cache: openModelCache(storage) }).read('model.safetensors');
    expect(got).toEqual(files['model.safetensors']);
    expect(s.gets('model.safetensors')).toBe(2);
    expect(storage.entries.get(MODEL_CACHE_NAME)?.size).toBe(1);
  });

  it('falls back to plain fetch when the cache is missing or faulty', async () => {
    expect(openModelCache(undefined)).toBeNull();
    const storage = fakeCacheStorage();
    storage.failOpen = new Error('SecurityError');
    const s = server({ 'model.safetensors': weights });
    const cache = openModelCache(storage);
    expect(await urlSource(BASE, { fetch: s.fetch, cache }).read('model.safetensors')).toEqual(weights);
    expect(await cache?.sizeBytes()).toBe(0);
    storage.failOpen = undefined;
    storage.failPut = new Error('QuotaExceededError');
    expect(await urlSource(BASE, { fetch: s.fetch, cache: openModelCache(storage) }).read('model.safetensors')).toEqual(weights);
    expect(s.gets('model.safetensors')).toBe(2);
  });

  it('treats a truncated entry as a miss, clears on request, and drops older cache versions', async () => {
    const storage = fakeCacheStorage();
    (await storage.open('blora-models-v0')).put('https://x/', new Response('old'));
    const cache = openModelCache(storage)!;
    const url = `${BASE}model.safetensors`;
    await (await storage.open(MODEL_CACHE_NAME)).put(cacheKey(url, { size: 4500 }), new Response(bytesOf(10)));
    expect(await cache.get(url, { size: 4500 })).toBeNull();
    expect(storage.entries.has('blora-models-v0')).toBe(false);
    expect(await cache.put(url, { size: 4500 }, weights)).toBe(true);
    expect(await cache.get(url, { size: 4500 })).toEqual(weights);
    await cache.clear();
    expect(storage.entries.has(MODEL_CACHE_NAME)).toBe(false);
    expect(await openModelCache(storage)?.sizeBytes()).toBe(0);
  });
});
