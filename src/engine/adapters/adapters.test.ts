import { describe, expect, it } from 'vitest';
import type { BertConfig } from '../../model/config';
import { CpuBackend } from '../cpu/backend';
import { loraForwardCpu } from '../cpu/lora';
import { linearCpu } from '../cpu/linear';
import { randn } from '../cpu/testing/test_helpers';
import { truncatedSvd } from '../linalg/svd';
import type { TensorMap } from '../../model/safetensors';
import { loraDefaults, loraXsDefaults, resolveAdapterSites, type AdapterConfig } from './config';
import { countParams, swagStoredParams } from './count';
import { initAdapters, LORA_XS_R_STD } from './init';
import { adapterVectorLength, getAdapterVector, setAdapterVector, uploadAdapters } from './tensors';

function cfg(H: number, I: number, L: number): BertConfig {
  return {
    vocabSize: 10,
    hiddenSize: H,
    numHiddenLayers: L,
    numAttentionHeads: 2,
    intermediateSize: I,
    hiddenAct: 'gelu',
    hiddenDropoutProb: 0.1,
    attentionProbsDropoutProb: 0.1,
    maxPositionEmbeddings: 16,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    padTokenId: 0,
    classifierDropout: null,
    numLabels: 2,
    headActivation: 'tanh',
  };
}

function weightsFor(c: BertConfig): TensorMap {
  const w: TensorMap = new Map();
  let seed = 1;
  for (let l = 0; l < c.numHiddenLayers; l++) {
    const H = c.hiddenSize,
      I = c.intermediateSize,
      p = `encoder.layer.${l}.`;
    for (const [n, o, i] of [
      ['attention.self.query', H, H],
      ['attention.self.key', H, H],
      ['attention.self.value', H, H],
      ['attention.output.dense', H, H],
      ['intermediate.dense', I, H],
      ['output.dense', H, I],
    ] as const) {
      w.set(`${p}${n}.weight`, { shape: [o, i], data: randn(o * i, seed++) });
    }
  }
  return w;
}

describe('adapter config', () => {
  const c = cfg(16, 32, 3);
  it('expands to sites in layer-major, canonical module order with HF paths', () => {
    const sites = resolveAdapterSites(c, { ...loraXsDefaults(2), layers: [2, 0] });
    expect(sites.map((s) => `${s.layer}:${s.module}`)).toEqual([
      '0:query',
      '0:value',
      '0:attention.output',
      '0:ffn.out',
      '2:query',
      '2:value',
      '2:attention.output',
      '2:ffn.out',
    ]);
    expect(sites[3]).toMatchObject({ path: 'encoder.layer.0.output.dense', outF: 16, inF: 32 });
  });
  it('refuses r > min(out, in), unknown layers and modules with precise messages', () => {
    expect(() => resolveAdapterSites(c, loraXsDefaults(17))).toThrow(
      'adapter rank r = 17 exceeds min(out, in) = min(16, 16) = 16 of encoder.layer.0.attention.self.query',
    );
    expect(() => resolveAdapterSites(c, { ...loraXsDefaults(2), layers: [3] })).toThrow('adapter layer 3 does not exist (the model has layers 0…2)');
    expect(() => resolveAdapterSites(c, { ...loraXsDefaults(2), modules: ['mlp' as never] })).toThrow(/unknown adapter module "mlp"/);
    expect(() => resolveAdapterSites(c, { ...loraXsDefaults(2), r: 0 })).toThrow(/positive integer/);
  });
});

describe('parameter counts (docs/METHOD.md §7, RoBERTa-large shapes)', () => {
  const large = cfg(1024, 4096, 24);
  it.each([
    [2, 384, 4608, 196608],
    [8, 6144, 73728, 786432],
    [16, 24576, 294912, 1572864],
    [25, 60000, 720000, 2457600],
  ])('r = %i: LoRA-XS %i, B-LoRA-XS stored (K = 10) %i, LoRA on Q, V %i', (r, xs, stored, lora) => {
    const n = countParams(large, loraXsDefaults(r));
    expect(n.adapter).toBe(xs);
    expect(n.sites).toBe(96);
    expect(swagStoredParams(n.adapter, 10)).toBe(stored);
    expect(countParams(large, loraDefaults(r)).adapter).toBe(lora);
  });
  it('counts the head as pooler dense + classifier', () => {
    expect(countParams(cfg(16, 32, 1), loraXsDefaults(2), 3).head).toBe(16 * 16 + 16 + 3 * 16 + 3);
  });
});

describe('adapter init', () => {
  const c = cfg(12, 20, 2),
    w = weightsFor(c);
  it('LoRA-XS: B A is the best rank-r approximation of W and R ~ N(0, 1e-5²), seeded', () => {
    const ac = loraXsDefaults(3);
    const inits = initAdapters(c, w, ac, 7);
    for (const { site, a, b, r } of inits) {
      const W = w.get(`${site.path}.weight`)!.data;
      const { s } = truncatedSvd(W, site.outF, site.inF, Math.min(site.outF, site.inF));
      // ‖W − B A‖_F² = Σ_{i > r} σ_i² (Eckart–Young).
      let err = 0;
      for (let i = 0; i < site.outF; i++)
        for (let j = 0; j < site.inF; j++) {
          let x = 0;
          for (let k = 0; k < 3; k++) x += b[i * 3 + k] * a[k * site.inF + j];
          err += (W[i * site.inF + j] - x) ** 2;
        }
      let tail = 0;
      for (let i = 3; i < s.length; i++) tail += s[i] ** 2;
      expect(Math.abs(err - tail) / tail).toBeLessThan(1e-5);
      expect(r!.every((x) => x !== 0 && Math.abs(x) < 6 * LORA_XS_R_STD)).toBe(true);
    }
    const all = inits.flatMap((i) => [...i.r!]);
    const std = Math.sqrt(all.reduce((s, x) => s + x * x, 0) / all.length);
    expect(std / LORA_XS_R_STD).toBeGreaterThan(0.7);
    expect(std / LORA_XS_R_STD).toBeLessThan(1.3);
    expect([...initAdapters(c, w, ac, 7)[0].r!]).toEqual([...inits[0].r!]);
    expect([...initAdapters(c, w, ac, 8)[0].r!]).not.toEqual([...inits[0].r!]);
  });
  it('reports each initialised site (the SVD set-up progress), in order, ending at the total', () => {
    const seen: [number, number][] = [];
    const inits = initAdapters(c, w, loraXsDefaults(3), 7, (done, total) => seen.push([done, total]));
    expect(seen).toEqual(inits.map((_, i) => [i + 1, inits.length]));
    expect(inits.length).toBeGreaterThan(1);
  });
  it('LoRA: B = 0 (the adapted layer starts as the frozen one), A bounded by 1/√in', () => {
    const inits = initAdapters(c, w, loraDefaults(4), 3);
    for (const { site, a, b } of inits) {
      expect(b.every((x) => x === 0)).toBe(true);
      expect(a.every((x) => Math.abs(x) <= 1 / Math.sqrt(site.inF))).toBe(true);
      expect(new Set(a).size).toBeGreaterThan(a.length / 2);
      const W = w.get(`${site.path}.weight`)!.data,
        x = randn(2 * site.inF, 9);
      const d = { N: 2, inF: site.inF, outF: site.outF, r: 4 };
      expect([...loraForwardCpu(x, W, null, a, b, 4, d).y]).toEqual([...linearCpu(x, W, null, 2, site.inF, site.outF)]);
    }
  });
});

describe('θ view', () => {
  const c = cfg(8, 16, 2),
    w = weightsFor(c);
  for (const ac of [loraXsDefaults(2), loraDefaults(2)] as AdapterConfig[]) {
    it(`${ac.method}: get/set round-trips, length equals the trainable count, layout is site-major row-major`, async () => {
      const be = new CpuBackend();
      const inits = initAdapters(c, w, ac, 1);
      const ads = uploadAdapters(be, ac, inits);
      expect(adapterVectorLength(ads)).toBe(countParams(c, ac).adapter);
      const theta = await getAdapterVector(be, ads);
      const first = ac.method === 'loraxs' ? inits[0].r! : inits[0].a;
      expect([...theta.subarray(0, first.length)]).toEqual([...first]);
      const next = theta.map((_, i) => i * 0.5);
      setAdapterVector(be, ads, next);
      expect([...(await getAdapterVector(be, ads))]).toEqual([...next]);
      const t0 = ac.method === 'loraxs' ? ads[0].r! : ads[0].a;
      expect([...(be.view(t0) as Float32Array)].slice(0, 3)).toEqual([0, 0.5, 1]);
      expect(() => setAdapterVector(be, ads, new Float32Array(3))).toThrow(/θ has 3 numbers/);
    });
  }
});
