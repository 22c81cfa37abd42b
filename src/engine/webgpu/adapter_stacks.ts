// Adapter stacks filled from a θ sample matrix that lives on the GPU (SWAG draws [G, P]): buffer
// copies recorded in the step's encoder, no read-back. Host twin: adapterStacksFromHost.
import type { Tensor } from '../backend';
import { allocAdapterStacks, stackedTrainables, type AdapterStacks } from '../adapters/stacks';
import { adapterVectorLength, type AdapterTensors } from '../adapters/tensors';
import type { WebGpuBackend } from './webgpu_backend';

export function adapterStacksFromGpu(be: WebGpuBackend, ads: readonly AdapterTensors[], thetas: Tensor, G: number): AdapterStacks {
  const P = adapterVectorLength(ads);
  if (thetas.size < G * P) throw new Error(`adapter stacks: θ samples hold ${thetas.size} values, ${G} samples of ${P} need ${G * P}`);
  const stacks = allocAdapterStacks(be, ads, G);
  const src = be.bufferOf(thetas);
  const parts = stackedTrainables(ads, stacks);
  be.withEncoder((enc) => {
    for (const { stack, offset, size } of parts) {
      const dst = be.bufferOf(stack);
      for (let g = 0; g < G; g++) enc.copyBufferToBuffer(src, (g * P + offset) * 4, dst, g * size * 4, size * 4);
    }
  });
  return stacks;
}
