import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchBuiltinSource, loadBuiltinDataset, loadBuiltinIndex, loadBuiltinManifest } from './builtin';
import { defaultPublicDir, nodeBuiltinSource } from './builtin_node';
import { gunzipSync } from 'fflate';

const source = nodeBuiltinSource();

describe('built-in data sets', () => {
  it('index lists the three data sets with fine-foods as default', async () => {
    const r = await loadBuiltinIndex(source);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.default).toBe('fine-foods');
    expect(r.value.datasets.map((d) => d.id).sort()).toEqual(['fine-foods', 'sotu-party', 'spam-assassin']);
  });

  for (const id of ['fine-foods', 'spam-assassin', 'sotu-party']) {
    it(`${id}: manifest, provenance, every split loads with the stated row and label counts`, async () => {
      const m = await loadBuiltinManifest(id, source);
      if (!m.ok) throw new Error(m.error.message);
      const man = m.value;
      expect(man.provenance.package).toBeTruthy();
      expect(man.provenance.version).toMatch(/\d/);
      expect(man.provenance.source).toMatch(/^https?:\/\//);
      expect(man.provenance.license.length).toBeGreaterThan(10);
      expect(Object.keys(man.splits).sort()).toEqual(['ood', 'test', 'train', 'validation']);
      const d = await loadBuiltinDataset(id, source);
      if (!d.ok) throw new Error(d.error.message);
      expect(d.value.labelNames).toEqual(man.labelNames);
      for (const [split, info] of Object.entries(man.splits)) {
        const ex = d.value.splits[split as 'train']!;
        expect(ex.length).toBe(info!.rows);
        for (const [name, n] of Object.entries(info!.labelCounts)) {
          expect(ex.filter((e) => e.label === man.labelNames.indexOf(name)).length, `${split}/${name}`).toBe(n);
        }
        expect(ex.every((e) => e.text.length > 0 && e.text.length <= 1100)).toBe(true);
        // each file is compact
        expect(info!.bytes).toBeLessThan(5 * 1024 * 1024);
      }
      // no text of the test or ood split appears in train (no leakage)
      const train = new Set(d.value.splits.train.map((e) => e.text));
      expect(d.value.splits.test!.some((e) => train.has(e.text))).toBe(false);
      expect(d.value.splits.ood!.some((e) => train.has(e.text))).toBe(false);
    });
  }

  it('only the asked splits are loaded (train always)', async () => {
    const d = await loadBuiltinDataset('sotu-party', source, ['ood']);
    expect(d.ok && Object.keys(d.value.splits).sort()).toEqual(['ood', 'train']);
  });

  it('unknown ids and missing files are errors, not exceptions', async () => {
    const a = await loadBuiltinDataset('no-such-set', source);
    expect(!a.ok && a.error.code).toBe('READ_FAILED');
    const b = await loadBuiltinDataset('../etc', source);
    expect(!b.ok && b.error.code).toBe('READ_FAILED');
  });

  it('the fetch source resolves against the base URL and accepts already-decoded gzip', async () => {
    const asked: string[] = [];
    const pub = defaultPublicDir();
    const fakeFetch = (async (url: string) => {
      asked.push(url);
      const path = new URL(url).pathname.replace(/^\/app\/datasets\//, '');
      let body: Uint8Array = new Uint8Array(readFileSync(join(pub, 'datasets', path)));
      if (path.endsWith('.gz')) body = gunzipSync(body); // as if the server sent Content-Encoding: gzip
      return new Response(body as Uint8Array<ArrayBuffer>);
    }) as unknown as typeof fetch;
    const src = fetchBuiltinSource('http://example.test/app/', fakeFetch);
    const d = await loadBuiltinDataset('fine-foods', src);
    if (!d.ok) throw new Error(d.error.message);
    expect(d.value.splits.train.length).toBeGreaterThan(1000);
    expect(asked[0]).toBe('http://example.test/app/datasets/fine-foods/dataset.json');
    const missing = fetchBuiltinSource('http://example.test/app/', (async () => new Response('nope', { status: 404 })) as unknown as typeof fetch);
    const r = await loadBuiltinIndex(missing);
    expect(!r.ok && r.error.message).toMatch(/HTTP 404/);
  });
});
