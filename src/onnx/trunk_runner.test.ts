import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configureOrt } from './ort_env';
import { TrunkRunner, type TokenBatch } from './trunk_runner';
import { tokenizerFromJson } from '../model/tokenizer_load';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const HIDDEN = 32;

interface RefOut {
  shape: number[];
  data: number[];
}
const ref = JSON.parse(readFileSync(join(TINY, 'reference_outputs.json'), 'utf8')) as Record<string, any>;

function refBatch(): TokenBatch {
  const flat = (k: string) => Int32Array.from((ref[k] as number[][]).flat());
  return { inputIds: flat('input_ids'), attentionMask: flat('attention_mask'), tokenTypeIds: flat('token_type_ids'), batch: 2, seqLen: 8 };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('TrunkRunner on the tiny-bert ONNX (wasm EP)', () => {
  let runner: TrunkRunner;
  beforeAll(async () => {
    configureOrt({ numThreads: 1 });
    runner = await TrunkRunner.create(readFileSync(join(TINY, 'model.onnx')), { ep: 'wasm', cacheBytes: 1 << 20 });
  });
  afterAll(() => runner?.release());

  it('exposes every layer and matches torch within 1e-4', async () => {
    expect(runner.model.ep).toBe('wasm');
    expect(runner.numLayers).toBe(2);
    const names = ['last_hidden_state', 'pooler_output', 'hidden_state_0', 'hidden_state_1', 'hidden_state_2'];
    const out = await runner.runToHost(refBatch(), names);
    for (const n of names) {
      const r = ref[n] as RefOut;
      expect(maxAbsDiff(out[n], r.data), n).toBeLessThan(1e-4);
    }
    // the outputs are not trivially equal (a broken graph could return its input)
    expect(maxAbsDiff(out.hidden_state_0, out.hidden_state_2)).toBeGreaterThan(0.1);
  });

  it('real positions do not depend on padding; hiddenState zero-fills padding and caches rows', async () => {
    const tok = tokenizerFromJson(JSON.parse(readFileSync(join(TINY, 'tokenizer.json'), 'utf8')));
    const texts: [string, string | null][] = [
      ['hello world', null],
      ['un affable café', 'played'],
      ['中国', null],
    ];
    const tight = tok.encodeBatch(texts, { padding: 'longest' });
    const loose = tok.encodeBatch(texts, { padding: 'max_length', maxLength: 16 });
    const a = (await runner.runToHost(tight, ['hidden_state_1'])).hidden_state_1;
    const cache = runner.cache!;
    cache.clear();
    const h = await runner.hiddenState(loose, 1);
    expect(cache.misses).toBeGreaterThanOrEqual(3);
    expect(cache.size).toBe(3);
    for (let b = 0; b < 3; b++) {
      const len = tight.attentionMask.subarray(b * tight.seqLen, (b + 1) * tight.seqLen).reduce((s, x) => s + x, 0);
      const want = a.subarray(b * tight.seqLen * HIDDEN, (b * tight.seqLen + len) * HIDDEN);
      const got = h.subarray(b * 16 * HIDDEN, (b * 16 + len) * HIDDEN);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
      expect(h.subarray((b * 16 + len) * HIDDEN, (b + 1) * 16 * HIDDEN).every((x) => x === 0)).toBe(true);
    }
    const hits = cache.hits;
    const again = await runner.hiddenState(tight, 1);
    expect(cache.hits).toBe(hits + 3);
    expect(again.length).toBe(3 * tight.seqLen * HIDDEN);
    expect(maxAbsDiff(again.subarray(0, HIDDEN), h.subarray(0, HIDDEN))).toBe(0);
  });

  it('refuses unknown outputs, out-of-range layers and left padding', async () => {
    await expect(runner.run(refBatch(), ['logits'])).rejects.toThrow(/no output logits/);
    await expect(runner.hiddenState(refBatch(), 3)).rejects.toThrow(/outside 0..2/);
    const b = refBatch();
    b.attentionMask[0] = 0;
    await expect(runner.hiddenState(b, 1)).rejects.toThrow(/right padding/);
  });
});

describe('createOrtSession', () => {
  it("'auto' picks the wasm EP in Node (the webgpu EP needs a browser)", async () => {
    const { createOrtSession } = await import('./session');
    const m = await createOrtSession(new Uint8Array(readFileSync(join(TINY, 'model.onnx'))), { ep: 'auto' });
    expect(m.ep).toBe('wasm');
    expect(m.session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    await m.session.release();
  });
});
