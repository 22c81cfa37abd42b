// `--model hf:owner/name[@revision]`: the CLI loads a Hub model through the same source as the page
// (HEAD for sizes and ETags, GET for bytes) from the endpoint HF_ENDPOINT names — here a local server
// laid out like the Hub, serving the tiny fixture — and keeps the files in its disk cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadModelDir } from './common_args';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const gets: string[] = [];
let server: Server;
let endpoint = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    // /org/tiny/resolve/<revision>/<file>; only revisions main and v1 exist.
    const m = /^\/org\/tiny\/resolve\/(main|v1)\/([^/]+)$/.exec(req.url ?? '');
    const path = m && join(TINY, m[2]);
    if (!path || !existsSync(path)) return void res.writeHead(404).end();
    const body = readFileSync(path);
    res.writeHead(200, { 'content-length': body.length, etag: `"${m[1]}-${body.length}"` });
    if (req.method === 'HEAD') return void res.end();
    gets.push(`${m[1]}/${m[2]}`);
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('--model hf:owner/name', () => {
  it('loads the same model as the folder, pinned to a revision, and reads it from the disk cache the second time', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'blora-cache-'));
    const env = { HF_ENDPOINT: endpoint, BLORA_CACHE_DIR: cacheDir };
    const local = await loadModelDir(TINY);
    const hub = await loadModelDir('hf:org/tiny@v1', env);
    expect(hub.id).toBe('hf:org/tiny@v1');
    expect([...hub.weights.keys()].sort()).toEqual([...local.weights.keys()].sort());
    for (const [name, t] of local.weights) expect(hub.weights.get(name)!.data).toEqual(t.data);
    expect(gets).toContain('v1/model.safetensors');
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).length).toBeGreaterThanOrEqual(3);

    const before = gets.length;
    const again = await loadModelDir('hf:org/tiny@v1', env);
    expect(gets.length).toBe(before); // every file from the cache
    for (const [name, t] of local.weights) expect(again.weights.get(name)!.data).toEqual(t.data);
    // Another revision is another set of files.
    await loadModelDir('hf:org/tiny', env);
    expect(gets).toContain('main/model.safetensors');
  });

  it('names a missing model or revision, and refuses an invalid id before any request', async () => {
    const env = { HF_ENDPOINT: endpoint, BLORA_CACHE_DIR: 'off' };
    await expect(loadModelDir('hf:org/tiny@v2', env)).rejects.toThrow(/hf:org\/tiny@v2.*config\.json/);
    await expect(loadModelDir('hf:org/../etc', env)).rejects.toThrow(/is not a Hugging Face model id/);
    await expect(loadModelDir('hf:org/tiny@', env)).rejects.toThrow(/is not a revision/);
  });
});
