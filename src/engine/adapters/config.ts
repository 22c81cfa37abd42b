// Which linear layers get an adapter, of which kind, with which rank and scale (docs/METHOD.md §1).
import type { BertConfig } from '../../model/config';
import { DEFAULT_LORA_XS_MODULES } from '../../model/families';

/** Adaptable linear modules of a BERT layer, in canonical order (also the order of θ). */
export const ADAPTER_MODULES = ['query', 'key', 'value', 'attention.output', 'ffn.in', 'ffn.out'] as const;
export type AdapterModule = (typeof ADAPTER_MODULES)[number];
export type AdapterMethod = 'loraxs' | 'lora';

export interface AdapterConfig {
  method: AdapterMethod;
  modules: readonly AdapterModule[];
  /** Layer indices to adapt; 'all' = every layer. */
  layers: readonly number[] | 'all';
  r: number;
  /** s = alpha / r. */
  alpha: number;
}

/** The reference LoRA-XS setup: query, value, attention output, FFN output in every layer, α = 16 (every family: families.ts). */
export function loraXsDefaults(r: number): AdapterConfig {
  return { method: 'loraxs', modules: DEFAULT_LORA_XS_MODULES, layers: 'all', r, alpha: 16 };
}

/** The reference LoRA baseline: query and value only. */
export function loraDefaults(r: number): AdapterConfig {
  return { method: 'lora', modules: ['query', 'value'], layers: 'all', r, alpha: 16 };
}

/** Hugging Face name prefix of a module's linear (append ".weight" / ".bias"). */
export function modulePath(layer: number, m: AdapterModule): string {
  const p = `encoder.layer.${layer}.`;
  switch (m) {
    case 'query':
    case 'key':
    case 'value':
      return `${p}attention.self.${m}`;
    case 'attention.output':
      return `${p}attention.output.dense`;
    case 'ffn.in':
      return `${p}intermediate.dense`;
    case 'ffn.out':
      return `${p}output.dense`;
  }
}

/** [out, in] of a module's weight. */
export function moduleShape(cfg: BertConfig, m: AdapterModule): [number, number] {
  const H = cfg.hiddenSize,
    I = cfg.intermediateSize;
  return m === 'ffn.in' ? [I, H] : m === 'ffn.out' ? [H, I] : [H, H];
}

export interface AdapterSite {
  layer: number;
  module: AdapterModule;
  outF: number;
  inF: number;
  path: string;
}

/** Validate and expand to the list of adapted sites (layer-major, canonical module order). */
export function resolveAdapterSites(cfg: BertConfig, ac: AdapterConfig): AdapterSite[] {
  if (ac.method !== 'loraxs' && ac.method !== 'lora') throw new Error(`adapter method must be "loraxs" or "lora", got ${JSON.stringify(ac.method)}`);
  if (!Number.isInteger(ac.r) || ac.r < 1) throw new Error(`adapter rank r must be a positive integer, got ${ac.r}`);
  if (!(ac.alpha > 0)) throw new Error(`adapter alpha must be positive, got ${ac.alpha}`);
  for (const m of ac.modules) if (!ADAPTER_MODULES.includes(m)) throw new Error(`unknown adapter module "${m}"; known: ${ADAPTER_MODULES.join(', ')}`);
  if (ac.modules.length === 0) throw new Error('adapter config selects no modules');
  const L = cfg.numHiddenLayers;
  const layers = ac.layers === 'all' ? Array.from({ length: L }, (_, i) => i) : [...new Set(ac.layers)].sort((a, b) => a - b);
  for (const l of layers) if (!Number.isInteger(l) || l < 0 || l >= L) throw new Error(`adapter layer ${l} does not exist (the model has layers 0…${L - 1})`);
  if (layers.length === 0) throw new Error('adapter config selects no layers');
  const sites: AdapterSite[] = [];
  for (const layer of layers)
    for (const m of ADAPTER_MODULES) {
      if (!ac.modules.includes(m)) continue;
      const [outF, inF] = moduleShape(cfg, m);
      if (ac.r > Math.min(outF, inF))
        throw new Error(`adapter rank r = ${ac.r} exceeds min(out, in) = min(${outF}, ${inF}) = ${Math.min(outF, inF)} of ${modulePath(layer, m)}`);
      sites.push({ layer, module: m, outF, inF, path: modulePath(layer, m) });
    }
  return sites;
}

export function adapterScale(ac: AdapterConfig): number {
  return ac.alpha / ac.r;
}
