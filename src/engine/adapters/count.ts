// Parameter counts (docs/METHOD.md §7): LoRA-XS trains r² per adapted matrix; LoRA r·(in + out);
// a SWAG posterior over θ stores mean, second moment and K deviation rows: (K + 2) · P.
import type { BertConfig } from '../../model/config';
import { resolveAdapterSites, type AdapterConfig } from './config';

export interface ParamCounts {
  /** Trainable adapter numbers P (= length of θ). */
  adapter: number;
  /** Classification head (pooler dense + classifier), trained as a point estimate. */
  head: number;
  /** Number of adapted matrices. */
  sites: number;
}

export function countParams(cfg: BertConfig, ac: AdapterConfig, numLabels = cfg.numLabels): ParamCounts {
  const sites = resolveAdapterSites(cfg, ac);
  let adapter = 0;
  for (const s of sites) adapter += ac.method === 'loraxs' ? ac.r * ac.r : ac.r * (s.inF + s.outF);
  const H = cfg.hiddenSize;
  return { adapter, head: H * H + H + numLabels * H + numLabels, sites: sites.length };
}

/** Numbers a SWAG posterior over θ stores: mean, second moment and K deviation rows. */
export function swagStoredParams(adapterParams: number, K: number): number {
  return (K + 2) * adapterParams;
}
