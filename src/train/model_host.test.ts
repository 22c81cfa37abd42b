import { describe, expect, it } from 'vitest';
import type { LoadedModel } from '../model/loader';
import type { ModelSourceSpec } from '../model/source_description';
import { ModelHost, Superseded, throttleProgress } from './model_host';

const spec = (url: string): ModelSourceSpec => ({ kind: 'url', url });
const fakeModel = (id: string) =>
  ({
    id,
    family: 'bert',
    config: { numHiddenLayers: 2, hiddenSize: 32, vocabSize: 125 },
    tokenizer: {},
    weights: new Map(),
    sizeBytes: 10,
    tokenizerFile: 'vocab.txt',
    files: [],
  }) as unknown as LoadedModel;

/** A loader whose loads the test settles by hand. */
function manualLoader() {
  const calls: { url: string; resolve: (m: LoadedModel) => void; reject: (e: Error) => void }[] = [];
  const load = (s: ModelSourceSpec) => new Promise<LoadedModel>((resolve, reject) => calls.push({ url: (s as { url: string }).url, resolve, reject }));
  return { calls, load };
}

describe('ModelHost', () => {
  it('loads a source once: a second ask joins the running load, a third gets the held model', async () => {
    const l = manualLoader();
    const host = new ModelHost(l.load);
    const a = host.get(spec('http://m/a/'));
    const b = host.get(spec('http://m/a/'));
    expect(l.calls).toHaveLength(1);
    l.calls[0].resolve(fakeModel('a'));
    expect((await a).info.id).toBe('a');
    expect(await b).toBe(await a);
    expect(await host.get(spec('http://m/a/'))).toBe(await a);
    expect(l.calls).toHaveLength(1);
    // reload reads it again (Retry, an explicit Load).
    const c = host.get(spec('http://m/a/'), { reload: true });
    expect(l.calls).toHaveLength(2);
    l.calls[1].resolve(fakeModel('a2'));
    expect((await c).info.id).toBe('a2');
  });

  it('keeps the held model when a load fails, and lets a newer load win over an older one', async () => {
    const l = manualLoader();
    const host = new ModelHost(l.load);
    const a = host.get(spec('http://m/a/'));
    l.calls[0].resolve(fakeModel('a'));
    await a;
    const bad = host.get(spec('http://m/bad/'));
    l.calls[1].reject(new Error('could not download'));
    await expect(bad).rejects.toThrow('could not download');
    expect(host.current?.info.id).toBe('a');

    const older = host.get(spec('http://m/b/'));
    const newer = host.get(spec('http://m/c/'));
    l.calls[3].resolve(fakeModel('c'));
    l.calls[2].resolve(fakeModel('b'));
    await expect(older).rejects.toBeInstanceOf(Superseded);
    expect((await newer).info.id).toBe('c');
    expect(host.current?.info.id).toBe('c');
  });
});

describe('throttleProgress', () => {
  it('passes the first and last event of a file and at most one per interval between', () => {
    let t = 0;
    const seen: number[] = [];
    const p = throttleProgress(
      (_, e) => seen.push(e.received),
      100,
      () => t,
    );
    for (const [at, received] of [
      [0, 0],
      [50, 10],
      [120, 20],
      [150, 30],
      [160, 40],
    ]) {
      t = at;
      p('model.safetensors', { received, total: 40, fromCache: false });
    }
    expect(seen).toEqual([0, 20, 40]);
  });
});
