// θ (the concatenated adapter tensors) as one contiguous GPU tensor: gathered after a step for
// SWAG collection and scattered back before a forward pass, as buffer copies recorded in the
// step's encoder — no read-back.
import type { Tensor } from '../../engine/backend';
import { adapterTrainables, adapterVectorLength, type AdapterTensors } from '../../engine/adapters/tensors';
import type { WebGpuBackend } from '../../engine/webgpu/webgpu_backend';

function each(ads: readonly AdapterTensors[], f: (t: Tensor, offsetBytes: number) => void): void {
  let o = 0;
  for (const ad of ads)
    for (const { tensor } of adapterTrainables(ad)) {
      f(tensor, o * 4);
      o += tensor.size;
    }
}

export function gatherTheta(be: WebGpuBackend, ads: readonly AdapterTensors[], theta: Tensor): void {
  if (theta.size !== adapterVectorLength(ads)) throw new Error(`gatherTheta: θ has ${theta.size} values, the adapters ${adapterVectorLength(ads)}`);
  const dst = be.bufferOf(theta);
  be.withEncoder((enc) => each(ads, (t, off) => enc.copyBufferToBuffer(be.bufferOf(t), 0, dst, off, t.size * 4)));
}

/** Write θ (or row `row` of a [rows, P] tensor) into the adapter tensors. */
export function scatterTheta(be: WebGpuBackend, ads: readonly AdapterTensors[], theta: Tensor, row = 0): void {
  const P = adapterVectorLength(ads);
  if (theta.size < (row + 1) * P) throw new Error(`scatterTheta: θ has ${theta.size} values, row ${row} needs ${(row + 1) * P}`);
  const src = be.bufferOf(theta);
  be.withEncoder((enc) => each(ads, (t, off) => enc.copyBufferToBuffer(src, row * P * 4 + off, be.bufferOf(t), 0, t.size * 4)));
}
