// Host-side adapter initialisation.
// LoRA-XS (docs/METHOD.md §1): from the truncated SVD W ≈ U_r Σ_r V_rᵀ, A = Σ_r V_rᵀ [r, in],
// B = U_r [out, r] (sign convention of truncatedSvd), R ~ N(0, σ = 1e-5) from philoxNormal.
// LoRA: A ~ U(−1/√in, 1/√in) (PyTorch's kaiming_uniform_(a = √5) bound), B = 0.
// Site i (in resolveAdapterSites order) draws from Philox stream i with the given seed.
import type { BertConfig } from '../../model/config';
import { philoxNormal, philoxUniform } from '../../rng/philox';
import { truncatedSvd } from '../linalg/svd';
import type { TensorMap } from '../../model/safetensors';
import { resolveAdapterSites, type AdapterConfig, type AdapterSite } from './config';

export const LORA_XS_R_STD = 1e-5;

export interface AdapterInit {
  site: AdapterSite;
  /** [r, in] */
  a: Float32Array;
  /** [out, r] */
  b: Float32Array;
  /** [r, r] for LoRA-XS; null for LoRA. */
  r: Float32Array | null;
}

/** A = Σ_r V_rᵀ and B = U_r of a weight W [out, in]. */
export function loraXsFactors(w: Float32Array, outF: number, inF: number, r: number): { a: Float32Array; b: Float32Array } {
  const svd = truncatedSvd(w, outF, inF, r);
  const a = new Float32Array(r * inF),
    b = new Float32Array(outF * r);
  for (let k = 0; k < r; k++) for (let j = 0; j < inF; j++) a[k * inF + j] = svd.s[k] * svd.v[j * r + k];
  for (let i = 0; i < outF; i++) for (let k = 0; k < r; k++) b[i * r + k] = svd.u[i * r + k];
  return { a, b };
}

/** `onSite(done, total)` after each site: a LoRA-XS set-up of a BERT-base takes seconds (one truncated SVD per matrix). */
export function initAdapters(
  cfg: BertConfig,
  weights: TensorMap,
  ac: AdapterConfig,
  seed: number,
  onSite?: (done: number, total: number) => void,
): AdapterInit[] {
  const sites = resolveAdapterSites(cfg, ac);
  return sites.map((site, i) => {
    const init = initSite(site, i);
    onSite?.(i + 1, sites.length);
    return init;
  });

  function initSite(site: AdapterSite, i: number): AdapterInit {
    const { r } = ac;
    if (ac.method === 'loraxs') {
      const w = weights.get(`${site.path}.weight`);
      if (!w) throw new Error(`initAdapters: weight "${site.path}.weight" is missing`);
      const { a, b } = loraXsFactors(w.data, site.outF, site.inF, r);
      const rm = philoxNormal(seed, i, new Float32Array(r * r));
      for (let k = 0; k < rm.length; k++) rm[k] *= LORA_XS_R_STD;
      return { site, a, b, r: rm };
    }
    const bound = 1 / Math.sqrt(site.inF);
    const a = philoxUniform(seed, i, new Float32Array(r * site.inF));
    for (let k = 0; k < a.length; k++) a[k] = (2 * a[k] - 1) * bound;
    return { site, a, b: new Float32Array(site.outF * r), r: null };
  }
}
