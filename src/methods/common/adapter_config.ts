// Maps the lab's method configuration onto the engine's adapter configuration.
import type { AdapterConfig, AdapterMethod, AdapterModule } from '../../engine/adapters/config';
import type { AdaptTarget, MethodConfig } from '../config';
import type { BertConfig } from '../../model/config';

const MODULE_OF: Record<AdaptTarget, AdapterModule> = {
  query: 'query',
  key: 'key',
  value: 'value',
  'attn-out': 'attention.output',
  'ffn-in': 'ffn.in',
  'ffn-out': 'ffn.out',
};

export function adapterConfigFor(m: MethodConfig, method: AdapterMethod): AdapterConfig {
  return {
    method,
    modules: m.targets.map((t) => MODULE_OF[t]),
    layers: m.layers.length === 0 ? 'all' : [...m.layers],
    r: m.r,
    alpha: m.alpha,
  };
}

/** The model config with the method's dropout probability (MC dropout and training both use it). */
export function withDropout(cfg: BertConfig, p: number): BertConfig {
  return { ...cfg, hiddenDropoutProb: p, attentionProbsDropoutProb: p };
}
