// A Hub model's files and size are read with HEAD requests only; cached weights are recognised.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakeCacheStorage } from './testing/fake_cache';
import { fakeServer } from './testing/fake_fetch';
import { previewHubModel } from './hub_preview';
import { openModelCache } from './model_cache';
import { hubBaseUrl, hubSource } from './sources';

const TINY = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'tiny-bert');
const NAMES = ['config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors'];
const base = hubBaseUrl('owner/tiny');
const files = new Map(NAMES.map((n) => [base + n, new Uint8Array(readFileSync(join(TINY, n)))]));
const size = (n: string) => files.get(base + n)!.length;

describe('previewHubModel', () => {
  it('lists the files loading would read and their sizes, with HEAD requests only', async () => {
    const server = fakeServer(files);
    const p = await previewHubModel('owner/tiny', { fetch: server.fetch, caches: fakeCacheStorage() });
    // tokenizer.json wins over vocab.txt, as in the loader; absent weight formats are left out.
    expect(p.files).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'].map((name) => ({ name, size: size(name) })));
    expect(p.totalBytes).toBe(size('config.json') + size('tokenizer.json') + size('tokenizer_config.json') + size('model.safetensors'));
    expect(p.weightsCached).toBe(false);
    expect(server.requests.filter((r) => r.method !== 'HEAD')).toEqual([]);
  });

  it('knows when the weights are already in the model cache at their current version', async () => {
    const server = fakeServer(files);
    const caches = fakeCacheStorage();
    await hubSource('owner/tiny', { fetch: server.fetch, cache: openModelCache(caches) }).read('model.safetensors');
    expect((await previewHubModel('owner/tiny', { fetch: server.fetch, caches })).weightsCached).toBe(true);
    // Another version of the file on the Hub (a new size) is not the cached one.
    const changed = new Map(files).set(base + 'model.safetensors', new Uint8Array(10));
    expect((await previewHubModel('owner/tiny', { fetch: fakeServer(changed).fetch, caches })).weightsCached).toBe(false);
  });
});
