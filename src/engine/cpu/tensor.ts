// The CPU backend's tensor: a typed array plus shape metadata.
import type { DType, HostArray, Tensor } from '../backend';

export class CpuTensor implements Tensor {
  readonly size: number;
  released = false;
  constructor(
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly data: HostArray,
    readonly label: string,
  ) {
    this.size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== this.size) throw new Error(`tensor "${label}": data has ${data.length} elements, shape [${shape.join(', ')}] needs ${this.size}`);
  }
}

export function arrayFor(dtype: DType, n: number): HostArray {
  return dtype === 'f32' ? new Float32Array(n) : dtype === 'i32' ? new Int32Array(n) : new Uint32Array(n);
}

export function dtypeOf(a: HostArray): DType {
  return a instanceof Float32Array ? 'f32' : a instanceof Int32Array ? 'i32' : 'u32';
}
