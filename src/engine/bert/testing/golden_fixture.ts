// Loads the PyTorch golden fixtures written by tools/golden/make_engine_fixtures.py (Node only:
// used by the CPU and WebGPU engine tests).
import { readFileSync } from 'node:fs';
import { parseBertConfig, type BertConfig } from '../../../model/config';
import { parseSafetensors, type TensorMap } from '../../../model/safetensors';
import type { AdapterConfig } from '../../adapters/config';
import { resolveAdapterSites } from '../../adapters/config';
import type { AdapterInit } from '../../adapters/init';
import type { BatchInput } from '../batch';
import { loadBertWeights, type BertWeights } from '../weights';

const dir = new URL('../../__fixtures__/', import.meta.url);

export interface GoldenVariant {
  name: string;
  /** The fixture's config with this variant's head activation (loraxs_relu: DistilBERT's ReLU). */
  config: BertConfig;
  adapter: AdapterConfig;
  /** The fixture's A, B, R per site (resolveAdapterSites order). */
  adapterInit: AdapterInit[];
  loss: number;
  logits: Float32Array;
  pooled: Float32Array;
  /** [embeddings, layer 0, layer 1] each [batch·seqLen, hidden]. */
  hidden: Float32Array[];
  /** Gradient per trainable parameter name (adapter paths + ".R"/".A"/".B", head names). */
  grads: Map<string, Float32Array>;
}

export interface EngineGolden {
  config: BertConfig;
  weights: BertWeights;
  batch: BatchInput;
  variants: Map<string, GoldenVariant>;
  svd: { matrix: Float32Array; m: number; n: number; singularValues: number[] };
  raw: TensorMap;
}

function toInt(a: Float32Array): Int32Array {
  return Int32Array.from(a, (x) => Math.round(x));
}

export function loadEngineGolden(): EngineGolden {
  const index = JSON.parse(readFileSync(new URL('engine_golden.json', dir), 'utf8'));
  const config = parseBertConfig(index.config, 'engine_golden.json');
  const weights = loadBertWeights(new Uint8Array(readFileSync(new URL('bert_tiny.safetensors', dir))), config, 'bert_tiny.safetensors');
  const raw = parseSafetensors(new Uint8Array(readFileSync(new URL('engine_golden.safetensors', dir))), 'engine_golden.safetensors');
  const get = (n: string) => {
    const t = raw.get(n);
    if (!t) throw new Error(`engine_golden.safetensors: tensor "${n}" is missing`);
    return t.data;
  };
  const batch: BatchInput = {
    batch: index.batch,
    seqLen: index.seq_len,
    ids: toInt(get('input.ids')),
    typeIds: toInt(get('input.type_ids')),
    mask: get('input.mask'),
    labels: toInt(get('input.labels')),
  };
  const variants = new Map<string, GoldenVariant>();
  for (const [name, v] of Object.entries<any>(index.variants)) {
    const adapter: AdapterConfig = { method: v.adapter.method, modules: v.adapter.modules, layers: v.adapter.layers, r: v.adapter.r, alpha: v.adapter.alpha };
    const adapterInit = resolveAdapterSites(config, adapter).map((site) => ({
      site,
      a: get(`${name}/adapter/${site.path}.A`),
      b: get(`${name}/adapter/${site.path}.B`),
      r: adapter.method === 'loraxs' ? get(`${name}/adapter/${site.path}.R`) : null,
    }));
    const grads = new Map<string, Float32Array>();
    for (const g of v.grads as string[]) grads.set(g, get(`${name}/grad/${g}`));
    variants.set(name, {
      name,
      config: { ...config, headActivation: v.head_activation ?? 'tanh' },
      adapter,
      adapterInit,
      loss: v.loss,
      logits: get(`${name}/logits`),
      pooled: get(`${name}/pooled`),
      hidden: Array.from({ length: v.hidden_states }, (_, i) => get(`${name}/hidden.${i}`)),
      grads,
    });
  }
  return {
    config,
    weights,
    batch,
    variants,
    raw,
    svd: { matrix: get('svd.matrix'), m: index.svd.shape[0], n: index.svd.shape[1], singularValues: index.svd.singular_values },
  };
}
