// G samples of every adapter's trainable tensors, stacked along a leading group axis, for the
// grouped Monte-Carlo forward (src/engine/bert/grouped_forward.ts): LoRA-XS sites carry R as
// [G, r, r]; LoRA sites carry A as [G, r, in] and B as [G, out, r]. Row g of a θ sample matrix
// [G, P] (θ layout of tensors.ts) fills group g of every stack.
import type { Backend, Tensor } from '../backend';
import { adapterTrainables, adapterVectorLength, type AdapterTensors } from './tensors';

export interface AdapterStack {
  /** LoRA-XS: [G, r, r]. */
  r: Tensor | null;
  /** LoRA: [G, r, in] and [G, out, r]. */
  a: Tensor | null;
  b: Tensor | null;
}

export interface AdapterStacks {
  groups: number;
  /** One per adapter, in the model's adapter order. */
  sites: AdapterStack[];
}

/** Each stacked tensor with the θ offset and size of the trainable tensor it stacks (θ order). */
export function stackedTrainables(ads: readonly AdapterTensors[], stacks: AdapterStacks): { stack: Tensor; offset: number; size: number }[] {
  if (stacks.sites.length !== ads.length) throw new Error(`adapter stacks: ${stacks.sites.length} sites, the model has ${ads.length} adapters`);
  const out: { stack: Tensor; offset: number; size: number }[] = [];
  let o = 0;
  ads.forEach((ad, i) => {
    const s = stacks.sites[i];
    for (const { tensor } of adapterTrainables(ad)) {
      const stack = ad.method === 'loraxs' ? s.r : tensor === ad.a ? s.a : s.b;
      if (!stack) throw new Error(`adapter stacks: ${ad.site.path} has no stacked ${ad.method === 'loraxs' ? 'R' : tensor === ad.a ? 'A' : 'B'}`);
      out.push({ stack, offset: o, size: tensor.size });
      o += tensor.size;
    }
  });
  return out;
}

/** Zero-filled stacks of G groups shaped like the adapters' trainable tensors. */
export function allocAdapterStacks(be: Backend, ads: readonly AdapterTensors[], G: number): AdapterStacks {
  if (!Number.isInteger(G) || G < 1) throw new Error(`adapter stacks: groups must be a positive integer, got ${G}`);
  const stacked = (t: Tensor, name: string) => be.zeros([G, ...t.shape], `${name}[${G}]`);
  return {
    groups: G,
    sites: ads.map((ad) =>
      ad.method === 'loraxs'
        ? { r: stacked(ad.r!, `${ad.site.path}.R`), a: null, b: null }
        : { r: null, a: stacked(ad.a, `${ad.site.path}.A`), b: stacked(ad.b, `${ad.site.path}.B`) },
    ),
  };
}

/** Stacks filled from host θ samples thetas [G, P] (row g → group g). */
export function adapterStacksFromHost(be: Backend, ads: readonly AdapterTensors[], thetas: Float32Array): AdapterStacks {
  const P = adapterVectorLength(ads);
  if (thetas.length === 0 || thetas.length % P !== 0) throw new Error(`adapter stacks: ${thetas.length} θ values are not a whole number of samples of ${P}`);
  const G = thetas.length / P;
  const stacks = allocAdapterStacks(be, ads, G);
  for (const { stack, offset, size } of stackedTrainables(ads, stacks)) {
    const host = new Float32Array(G * size);
    for (let g = 0; g < G; g++) host.set(thetas.subarray(g * P + offset, g * P + offset + size), g * size);
    be.write(stack, host);
  }
  return stacks;
}

export function releaseAdapterStacks(be: Backend, stacks: AdapterStacks): void {
  for (const s of stacks.sites) for (const t of [s.r, s.a, s.b]) if (t) be.release(t);
}
