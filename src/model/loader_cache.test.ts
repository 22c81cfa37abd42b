import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeServer } from './testing/fake_fetch';
import { fakeCacheStorage } from './testing/fake_cache';
import { loadModel } from './loader';
import { openModelCache } from './model_cache';
import { urlSource } from './sources';

const TINY = join(__dirname, '__fixtures__', 'tiny-bert');
const BASE = 'https://models.example/tiny/';
const files = new Map(
  ['config.json', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'].map((n) => [
    BASE + n,
    new Uint8Array(readFileSync(join(TINY, n))),
  ]),
);

describe('loadModel with the model cache', () => {
  it('reads every file once, reports progress per file, and loads from the cache the second time', async () => {
    const storage = fakeCacheStorage();
    const server = fakeServer(files);
    const progress = new Map<string, number>();
    const first = await loadModel(urlSource(BASE, { fetch: server.fetch, cache: openModelCache(storage) }), {
      includeOnnx: false,
      onProgress: (name, p) => progress.set(name, p.received),
    });
    const gets = () => server.requests.filter((r) => r.method === 'GET').map((r) => r.url.slice(BASE.length));
    expect(gets().sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    expect(progress.get('model.safetensors')).toBe(files.get(`${BASE}model.safetensors`)?.length);
    expect(first.files.every((f) => !f.fromCache)).toBe(true);

    const second = await loadModel(urlSource(BASE, { fetch: server.fetch, cache: openModelCache(storage) }), { includeOnnx: false });
    expect(gets()).toHaveLength(4); // no new GET: HEADs only
    expect(second.files.map((f) => [f.name, f.fromCache])).toEqual(first.files.map((f) => [f.name, true]));
    // Cached bytes are not rewritten in place by the checkpoint name mapping of the first load.
    expect(second.weights.get('embeddings.word_embeddings.weight')?.data).toEqual(first.weights.get('embeddings.word_embeddings.weight')?.data);
  });
});
