// Results in a link: quantized round trip, size cap, and strict decoding.
import { describe, expect, it } from 'vitest';
import { packJson } from './compress';
import { decodeRunSummary, encodeRunSummary, MAX_SUMMARY_CHARS } from './run_summary_codec';
import { toMethodSummary } from './method_summary';
import { methodDefaults } from '../methods/settings';
import { summarize } from '../metrics';
import type { MethodSummary, RunSummary } from './types';

function methodSummary(id: string, nBins: number, seed: number, mass = false): MethodSummary {
  // Deterministic pseudo-random data (an LCG), so it does not compress away.
  let state = seed * 2654435761 + 1;
  const rnd = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const edges = Array.from({ length: nBins + 1 }, (_, i) => (mass ? (i === 0 ? 0 : i === nBins ? 1 : 0.5 + (0.5 * i) / nBins) : i / nBins));
  return {
    methodId: id,
    kind: 'b-lora-xs',
    seed,
    accuracy: 0.8731,
    nll: 0.41234,
    ece: 0.04567,
    brier: 0.2012,
    mcc: -0.123456,
    auroc: 0.91234,
    mce: 0.31234,
    ace: 0.05678,
    bins: Array.from({ length: nBins }, (_, i) => ({
      lo: edges[i],
      hi: edges[i + 1],
      count: Math.floor(rnd() * 500),
      acc: rnd(),
      conf: rnd(),
    })),
  };
}

describe('run summary codec', () => {
  it('round-trips within the quantization steps', () => {
    const s: RunSummary = {
      binning: 'width',
      nBins: 15,
      oodScore: 'maxprob',
      methods: [methodSummary('a', 15, 1), { ...methodSummary('b', 15, 2), auroc: undefined }],
    };
    const enc = encodeRunSummary(s);
    expect(enc.omitted).toEqual([]);
    const d = decodeRunSummary(enc.text);
    expect(d.warnings).toEqual([]);
    const out = d.summary!;
    expect(out).toMatchObject({ binning: 'width', nBins: 15, oodScore: 'maxprob' });
    expect(out.methods).toHaveLength(2);
    const [a, b] = [s.methods[0], out.methods[0]];
    expect(Math.abs(a.accuracy - b.accuracy)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(a.nll - b.nll)).toBeLessThanOrEqual(5e-4);
    expect(Math.abs(a.mcc - b.mcc)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(a.auroc! - b.auroc!)).toBeLessThanOrEqual(5e-5);
    expect(out.methods[1].auroc).toBeUndefined();
    expect(Math.abs(a.mce! - b.mce!)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(a.ace! - b.ace!)).toBeLessThanOrEqual(5e-5);
    a.bins.forEach((bin, i) => {
      expect(b.bins[i].count).toBe(bin.count);
      expect(b.bins[i].lo).toBeCloseTo(bin.lo, 12);
      expect(Math.abs(b.bins[i].acc - bin.acc)).toBeLessThanOrEqual(5e-4);
      expect(Math.abs(b.bins[i].conf - bin.conf)).toBeLessThanOrEqual(5e-4);
    });
  });

  it('reads links made before MCE and ACE were carried: both absent, nothing warned', () => {
    const s: RunSummary = { binning: 'width', nBins: 10, oodScore: 'entropy', methods: [methodSummary('old', 10, 4)] };
    const raw = JSON.parse(
      JSON.stringify({
        v: 1,
        b: 'w',
        n: 10,
        o: 'entropy',
        m: [{ i: 'old', k: 'lora-xs', s: 4, a: 8000, l: 400, e: 500, r: 2000, c: 100, u: -1, bc: [], ba: [], bf: [], be: [] }],
      }),
    );
    const d = decodeRunSummary(packJson(raw));
    expect(d.warnings).toEqual([]);
    expect(d.summary!.methods[0]).toMatchObject({ accuracy: 0.8, mce: undefined, ace: undefined });
    expect(decodeRunSummary(encodeRunSummary(s).text).summary!.methods[0].mce).toBeCloseTo(0.3123, 4);
  });

  it("carries each run's full label; links without one (older ones) still decode, and markup in a label is refused", () => {
    const labelled = { ...methodSummary('b', 10, 2), label: 'B-LoRA-XS r=8 K=10 c=2 · s3' };
    const s: RunSummary = { binning: 'width', nBins: 10, oodScore: 'entropy', methods: [labelled, methodSummary('a', 10, 1)] };
    const d = decodeRunSummary(encodeRunSummary(s).text);
    expect(d.warnings).toEqual([]);
    expect(d.summary!.methods.map((m) => m.label)).toEqual(['B-LoRA-XS r=8 K=10 c=2 · s3', undefined]);
    const tampered = { ...labelled, label: '<img src=x onerror=alert(1)>' };
    const t = decodeRunSummary(encodeRunSummary({ ...s, methods: [tampered] }).text);
    expect(t.summary!.methods[0].label).toBeUndefined();
    expect(t.warnings.join(' ')).toContain('run label');
  });

  it('keeps data-dependent equal-mass edges', () => {
    const s: RunSummary = { binning: 'mass', nBins: 10, oodScore: 'entropy', methods: [methodSummary('m', 10, 3, true)] };
    const out = decodeRunSummary(encodeRunSummary(s).text).summary!;
    out.methods[0].bins.forEach((b, i) => {
      expect(Math.abs(b.lo - s.methods[0].bins[i].lo)).toBeLessThanOrEqual(5e-5);
      expect(Math.abs(b.hi - s.methods[0].bins[i].hi)).toBeLessThanOrEqual(5e-5);
    });
  });

  it('caps the size by leaving out trailing methods, and says which', () => {
    const methods = Array.from({ length: 16 }, (_, i) => methodSummary(`m${i}`, 20, i * 31));
    const enc = encodeRunSummary({ binning: 'width', nBins: 20, oodScore: 'entropy', methods }, 800);
    expect(enc.text.length).toBeLessThanOrEqual(800);
    expect(enc.omitted.length).toBeGreaterThan(0);
    const kept = decodeRunSummary(enc.text).summary!.methods.map((m) => m.methodId);
    expect([...kept, ...enc.omitted]).toEqual(methods.map((m) => m.methodId));
    expect(encodeRunSummary({ binning: 'width', nBins: 20, oodScore: 'entropy', methods: methods.slice(0, 4) }).text.length).toBeLessThanOrEqual(
      MAX_SUMMARY_CHARS,
    );
  });

  it('builds from real metrics', () => {
    const probs = Float32Array.from([0.75, 0.25, 0.25, 0.75, 1, 0, 0.5, 0.5]);
    const ms = toMethodSummary(methodDefaults('lora-xs'), summarize(probs, 2, Int32Array.from([0, 0, 0, 1]), { nBins: 10 }));
    expect(ms).toMatchObject({ methodId: 'lora-xs', accuracy: 0.5 });
    expect(ms.ece).toBeCloseTo(0.25, 12);
    expect(ms.bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 1, 0, 0, 2, 0, 1]);
  });

  it('tampered results are rejected piece by piece, never thrown', () => {
    const bad = packJson({
      v: 1,
      b: 'w',
      n: 10,
      o: 'entropy',
      m: [
        { i: '<img onerror=x>', k: 'lora-xs', a: 1, l: 1, e: 1, r: 1 },
        { i: 'ok', k: 'lora-xs', a: 99999, l: 1, e: 1, r: 1 },
        { i: 'bins', k: 'lora-xs', a: 1, l: 1, e: 1, r: 1, bc: [1, 2], ba: [1, 2], bf: [1, 2] },
        'junk',
      ],
    });
    const d = decodeRunSummary(bad);
    expect(d.summary!.methods.map((m) => m.methodId)).toEqual(['bins']);
    expect(d.summary!.methods[0].bins).toEqual([]);
    expect(d.warnings.length).toBeGreaterThanOrEqual(5);
    for (const t of ['', 'xyz', packJson([1]), packJson({ m: 5 })]) expect(() => decodeRunSummary(t)).not.toThrow();
    expect(decodeRunSummary('xyz').summary).toBeNull();
  });
});
