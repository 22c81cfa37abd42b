// Link round-trips, old links, and tampered links: warnings and safe defaults, never a throw.
import { describe, expect, it } from 'vitest';
import { packJson } from './compress';
import { defaultShareableState } from './defaults';
import { methodDefaults, SWAG_SCALE_REFERENCE_CODE } from '../methods/settings';
import type { ShareableState } from './types';
import { buildHash, decodeShareable, encodeShareable, parseHash } from './url_codec';

function fullState(): ShareableState {
  const swag = methodDefaults('b-lora-xs', 'b-lora-xs-k2');
  swag.K = 2;
  swag.c = SWAG_SCALE_REFERENCE_CODE;
  swag.layers = [0, 1];
  swag.seed = 4294967295;
  const lap = methodDefaults('laplace');
  lap.laplace = { structure: 'full' };
  lap.r = 2;
  lap.targets = ['query', 'key', 'ffn-in'];
  const ens = methodDefaults('ensemble');
  ens.M = 3;
  ens.lrAdapter = 2e-4;
  ens.dropout = 0;
  return {
    modelId: 'hf:prajjwal1/bert-tiny',
    dataset: { kind: 'local', hash: '0123456789abcdef0123', name: 'my reviews (v2).csv' },
    maxLength: 256,
    methods: [methodDefaults('lora'), swag, lap, ens, methodDefaults('mc-dropout'), methodDefaults('temperature'), methodDefaults('swag-lora')],
    seeds: [0, 1, 2, 3, 4],
    chart: { bins: 20, binning: 'mass', oodScore: 'mi' },
    selectedRunIds: ['run-1', 'run-2'],
    backend: 'cpu',
    cpuThreads: 2,
    runOptions: { custom: 1, maxSteps: 40, maxExamples: 300, evalEverySteps: 5, kSweep: 1, checkpointEverySteps: 10 },
  };
}

/** A link built from raw (possibly hostile) JSON. */
const link = (raw: unknown) => packJson(raw);

describe('round trip', () => {
  it('a full state survives encode → decode exactly, without warnings', () => {
    const s = fullState();
    const d = decodeShareable(encodeShareable(s));
    expect(d.warnings).toEqual([]);
    expect(d.state).toEqual(s);
  });

  it('the defaults survive too, and the fragment is compact', () => {
    const hash = buildHash(defaultShareableState());
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(600);
    expect(parseHash(hash)).toMatchObject({ state: defaultShareableState(), warnings: [], hadSettings: true, summary: null });
  });

  it('an empty fragment gives the defaults silently', () => {
    expect(parseHash('')).toMatchObject({ state: defaultShareableState(), warnings: [], hadSettings: false });
    expect(parseHash('#')).toMatchObject({ state: defaultShareableState(), warnings: [] });
  });
});

describe('old links', () => {
  it('missing keys take their defaults, without warnings', () => {
    const d = decodeShareable(link({ v: 1, L: 64 }));
    expect(d.warnings).toEqual([]);
    expect(d.state).toEqual({ ...defaultShareableState(), maxLength: 64 });
  });

  it('a link without a version field is read as version 1', () => {
    expect(decodeShareable(link({ be: 'webgpu' }))).toEqual({ state: { ...defaultShareableState(), backend: 'webgpu' }, warnings: [] });
  });

  it('a method with only id and kind gets that kind’s defaults (LoRA targets differ)', () => {
    const d = decodeShareable(
      link({
        v: 1,
        ms: [
          { i: 'a', k: 'lora' },
          { i: 'b', k: 'b-lora-xs', K: 2 },
        ],
      }),
    );
    expect(d.warnings).toEqual([]);
    expect(d.state.methods[0]).toEqual(methodDefaults('lora', 'a'));
    expect(d.state.methods[1]).toEqual({ ...methodDefaults('b-lora-xs', 'b'), K: 2 });
  });

  it('a newer version is read as far as possible, with a warning', () => {
    const d = decodeShareable(link({ v: 7, L: 32, zz: 1 }));
    expect(d.state.maxLength).toBe(32);
    expect(d.warnings.join('\n')).toMatch(/newer version/);
    expect(d.warnings.join('\n')).toMatch(/unknown key zz/);
  });
});

describe('tampered links', () => {
  it('out-of-range numbers are ignored key by key with readable warnings', () => {
    const d = decodeShareable(
      link({
        v: 1,
        L: 100000,
        ms: [
          { i: 'x', k: 'lora-xs' },
          { i: 'y', k: 'b-lora-xs', r: 9999, K: -1, c: 1e308 },
        ],
      }),
    );
    expect(d.warnings).toContain('ignored maxLength: 100000 is above the maximum 512');
    expect(d.warnings).toContain('ignored methods[1].r: 9999 is above the maximum 1024');
    expect(d.warnings).toContain('ignored methods[1].K: -1 is below the minimum 0');
    expect(d.state.maxLength).toBe(128);
    expect(d.state.methods[1]).toEqual(methodDefaults('b-lora-xs', 'y'));
  });

  it('K = 1 is refused (the SWAG divisor is K − 1)', () => {
    const d = decodeShareable(link({ ms: [{ i: 'a', k: 'b-lora-xs', K: 1 }] }));
    expect(d.state.methods[0].K).toBe(10);
    expect(d.warnings[0]).toMatch(/^ignored methods\[0\]\.K: 1 is not allowed/);
  });

  it('wrong types fall back to defaults', () => {
    const d = decodeShareable(link({ m: 42, L: '64', ms: 'all', sd: [1, 'two', 2.5, 3], ch: { b: 12, bn: 'mass' }, be: ['cpu'], d: 'x' }));
    expect(d.state.modelId).toBe(defaultShareableState().modelId);
    expect(d.state.maxLength).toBe(128);
    expect(d.state.methods).toEqual(defaultShareableState().methods);
    expect(d.state.seeds).toEqual([1, 3]);
    expect(d.state.chart).toEqual({ bins: 15, binning: 'mass', oodScore: 'entropy' });
    expect(d.state.backend).toBe('auto');
    expect(d.state.dataset).toEqual(defaultShareableState().dataset);
    expect(d.warnings.length).toBeGreaterThanOrEqual(8);
    expect(d.warnings).toContain('ignored maxLength: expected a number, got "64"');
    expect(d.warnings).toContain('ignored seeds[2]: expected a whole number, got 2.5');
  });

  it('script-like strings are rejected by the id patterns and never reach the state', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const d = decodeShareable(
      link({
        m: evil,
        d: { k: 'local', h: evil, n: evil },
        sel: [evil, 'ok-run'],
        ms: [
          { i: evil, k: 'lora-xs' },
          { i: 'fine', k: evil, t: [evil, 'query'] },
        ],
      }),
    );
    const json = JSON.stringify(d.state);
    expect(json).not.toMatch(/[<>]/);
    expect(json).not.toMatch(/onerror/);
    expect(d.state.selectedRunIds).toEqual(['ok-run']);
    expect(d.state.dataset).toEqual(defaultShareableState().dataset);
    expect(d.state.methods.map((m) => m.id)).toEqual(['lora-xs', 'fine']);
    expect(d.state.methods[1].targets).toEqual(['query']);
    expect(d.warnings.some((w) => w.includes('is not a valid model id'))).toBe(true);
  });

  it('path-like and over-long model ids are rejected; Hub ids are accepted', () => {
    expect(decodeShareable(link({ m: 'hf:../../etc' })).state.modelId).toBe(defaultShareableState().modelId);
    expect(decodeShareable(link({ m: 'x'.repeat(200) })).warnings[0]).toMatch(/longer than 128/);
    expect(decodeShareable(link({ m: 'hf:google/bert_uncased_L-2_H-128_A-2' })).state.modelId).toBe('hf:google/bert_uncased_L-2_H-128_A-2');
  });

  it('duplicate method ids, too many methods, and unknown keys are reported', () => {
    const ms = Array.from({ length: 12 }, (_, i) => ({ i: `m${i % 10}`, k: 'lora-xs', q: 1 }));
    const d = decodeShareable(link({ ms }));
    expect(d.state.methods).toHaveLength(8);
    expect(d.warnings).toContain('ignored methods[8…]: at most 8 items are allowed');
    expect(d.warnings).toContain('ignored unknown key methods[0].q');
  });

  it('a local data set needs its hash; prototype keys are treated as unknown', () => {
    const d = decodeShareable(link(JSON.parse('{"d":{"k":"local","n":"a.csv"},"__proto__":{"L":9}}')));
    expect(d.state.dataset).toEqual(defaultShareableState().dataset);
    expect(d.warnings).toContain('ignored dataset: a local data set needs a valid hash');
    expect(d.warnings.some((w) => w.includes('unknown key __proto__'))).toBe(true);
    expect(d.state.maxLength).toBe(128);
  });

  it('truncated, garbage and non-object links give defaults and a warning, never a throw', () => {
    const good = encodeShareable(fullState());
    const inputs = [good.slice(0, good.length - 5), good.slice(0, 12), '', '!!!!', 'AAAA', link([1, 2]), link('str'), link(null), `${good}x`];
    for (const s of inputs) {
      const d = decodeShareable(s);
      expect(d.state).toEqual(defaultShareableState());
      expect(d.warnings.length).toBeGreaterThan(0);
    }
  });

  it('unknown, repeated and oversized fragment parts are ignored', () => {
    const good = encodeShareable(fullState());
    const d = parseHash(`#x=1&s=${good}&s=junk&<b>`);
    expect(d.state).toEqual(fullState());
    expect(d.warnings).toHaveLength(3);
    expect(parseHash('#s=' + 'A'.repeat(40000)).warnings[0]).toMatch(/longer than/);
  });

  it('random byte soup never throws', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=&#%<>';
    for (let t = 0; t < 300; t++) {
      const s = Array.from({ length: Math.floor(rnd() * 200) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      expect(() => parseHash(s)).not.toThrow();
    }
  });
});
