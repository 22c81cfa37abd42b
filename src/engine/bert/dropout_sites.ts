// Dropout sites and their Philox streams. One forward pass uses one seed; each site has its own
// stream so masks are independent: 0 embeddings, 1 + 3l + {0 attention probs, 1 attention
// output, 2 FFN output} for layer l, and 1 + 3L for the classifier input.
import type { DropoutSpec } from '../backend';
import { philox4x32 } from '../../rng/philox';

export const LayerSite = { AttentionProbs: 0, AttentionOutput: 1, FfnOutput: 2 } as const;
export type LayerSite = (typeof LayerSite)[keyof typeof LayerSite];

export function embeddingsStream(): number {
  return 0;
}
export function layerStream(layer: number, site: LayerSite): number {
  return 1 + 3 * layer + site;
}
export function classifierStream(numLayers: number): number {
  return 1 + 3 * numLayers;
}

/** A per-step seed: a Philox hash of (baseSeed, step), so consecutive steps get unrelated masks. */
export function stepSeed(baseSeed: number, step: number): number {
  return philox4x32(step >>> 0, 0, 0, 0, baseSeed >>> 0, 0x5eed)[0];
}

/** The spec for one site, or undefined when dropout is off or p = 0. */
export function siteSpec(enabled: boolean, p: number, seed: number, stream: number): DropoutSpec | undefined {
  return enabled && p > 0 ? { p, seed, stream } : undefined;
}
