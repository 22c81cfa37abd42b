import type { DType, Tensor } from '../backend';

/** A tensor living in a pooled storage buffer (the buffer may be larger than size · 4 bytes). */
export class GpuTensor implements Tensor {
  readonly size: number;
  released = false;
  constructor(
    readonly shape: readonly number[],
    readonly dtype: DType,
    readonly label: string,
    readonly buffer: GPUBuffer,
    /** Not from our pool (e.g. an onnxruntime-web output): release() does not recycle it. */
    readonly external = false,
  ) {
    this.size = shape.reduce((a, b) => a * b, 1);
  }

  get byteLength(): number {
    return this.size * 4;
  }
}
