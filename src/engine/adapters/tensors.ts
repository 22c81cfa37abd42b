// Adapters living on a backend, and the flat θ view over their trainable tensors that SWAG reads
// and writes: θ = concatenation of vec(R) (row-major) over sites in resolveAdapterSites order
// (for LoRA: vec(A) then vec(B) per site).
import type { Backend, Tensor } from '../backend';
import { adapterScale, type AdapterConfig, type AdapterMethod, type AdapterSite } from './config';
import type { AdapterInit } from './init';

export interface AdapterTensors {
  site: AdapterSite;
  method: AdapterMethod;
  rank: number;
  /** s = α / r */
  s: number;
  a: Tensor;
  b: Tensor;
  r: Tensor | null;
}

export function uploadAdapters(be: Backend, ac: AdapterConfig, inits: AdapterInit[]): AdapterTensors[] {
  const s = adapterScale(ac);
  return inits.map(({ site, a, b, r }) => ({
    site,
    method: ac.method,
    rank: ac.r,
    s,
    a: be.upload(a, [ac.r, site.inF], `${site.path}.A`),
    b: be.upload(b, [site.outF, ac.r], `${site.path}.B`),
    r: r ? be.upload(r, [ac.r, ac.r], `${site.path}.R`) : null,
  }));
}

/** The trainable tensors of one adapter with their parameter names. */
export function adapterTrainables(ad: AdapterTensors): { name: string; tensor: Tensor }[] {
  return ad.method === 'loraxs'
    ? [{ name: `${ad.site.path}.R`, tensor: ad.r! }]
    : [
        { name: `${ad.site.path}.A`, tensor: ad.a },
        { name: `${ad.site.path}.B`, tensor: ad.b },
      ];
}

export function adapterVectorLength(ads: readonly AdapterTensors[]): number {
  let n = 0;
  for (const ad of ads) for (const t of adapterTrainables(ad)) n += t.tensor.size;
  return n;
}

/** θ: all trainable adapter numbers, concatenated. Reads back from the backend. */
export async function getAdapterVector(be: Backend, ads: readonly AdapterTensors[]): Promise<Float32Array> {
  const theta = new Float32Array(adapterVectorLength(ads));
  let o = 0;
  for (const ad of ads)
    for (const { tensor } of adapterTrainables(ad)) {
      theta.set((await be.read(tensor)) as Float32Array, o);
      o += tensor.size;
    }
  return theta;
}

/** Overwrite every trainable adapter tensor from θ (same layout as getAdapterVector). */
export function setAdapterVector(be: Backend, ads: readonly AdapterTensors[], theta: Float32Array): void {
  const n = adapterVectorLength(ads);
  if (theta.length !== n) throw new Error(`setAdapterVector: θ has ${theta.length} numbers, the adapters have ${n}`);
  let o = 0;
  for (const ad of ads)
    for (const { tensor } of adapterTrainables(ad)) {
      be.write(tensor, theta.subarray(o, o + tensor.size));
      o += tensor.size;
    }
}

export function releaseAdapters(be: Backend, ads: readonly AdapterTensors[]): void {
  for (const ad of ads) {
    be.release(ad.a);
    be.release(ad.b);
    if (ad.r) be.release(ad.r);
  }
}
