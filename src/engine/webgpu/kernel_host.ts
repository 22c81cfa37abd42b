// What the op modules share: pooled tensor allocation, tensor checks, and recording a dispatch
// with its uniforms into the current command encoder.
import type { DType, Tensor } from '../backend';
import { BufferPool } from '../../gpu/buffer_pool';
import type { GpuContext } from '../../gpu/device';
import { CommandRecorder } from './command_recorder';
import { grid1d, gridForThreads } from './dispatch_grid';
import { GpuTensor } from './gpu_tensor';
import { callConstants, type Kernel, type KernelCall, orderBindings, packUniforms } from '../../gpu/kernel_declaration';
import { WG } from './kernels';

export type Grid = [number, number, number];

export class KernelHost {
  readonly pool: BufferPool;
  readonly recorder: CommandRecorder;
  /** Bound to bindings an entry point does not use (layouts are shared per shader). */
  readonly dummy: GPUBuffer;
  /** A writable stand-in for an output binding the pipeline's overrides leave unused. */
  readonly dummyOut: GPUBuffer;
  readonly maxPerDim: number;

  constructor(
    readonly ctx: GpuContext,
    opts: { poolMaxFreeBytes?: number; profile?: boolean },
  ) {
    this.pool = new BufferPool(ctx.device, { maxFreeBytes: opts.poolMaxFreeBytes });
    this.recorder = new CommandRecorder(ctx, opts.profile ?? false);
    this.dummy = ctx.device.createBuffer({ label: 'unused-binding', size: 256, usage: 0x80 | 0x08 });
    this.dummyOut = ctx.device.createBuffer({ label: 'unused-output-binding', size: 256, usage: 0x80 | 0x08 });
    this.maxPerDim = ctx.limits.maxComputeWorkgroupsPerDimension;
  }

  alloc(shape: readonly number[], label: string, dtype: DType = 'f32'): GpuTensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return new GpuTensor(shape, dtype, label, this.pool.acquire(size * 4, label));
  }

  /** The GpuTensor behind a Tensor, refusing foreign and released tensors. */
  g(t: Tensor): GpuTensor {
    if (!(t instanceof GpuTensor)) throw new Error(`tensor '${t.label}' does not belong to the WebGPU backend`);
    if (t.released) throw new Error(`tensor '${t.label}' was used after release`);
    return t;
  }

  release(t: Tensor): void {
    const gt = this.g(t);
    gt.released = true;
    if (!gt.external) this.pool.release(gt.buffer);
  }

  /** Record one dispatch of a kernel: uniforms and buffers by name, fillers for unused bindings. */
  run<E extends string, U extends string, B extends string, O extends string>(kernel: Kernel<E, U, B, O>, call: KernelCall<E, U, B, O, GPUBuffer>): void {
    const constants = callConstants(kernel, call.constants);
    const wg = Number(constants.WG ?? kernel.workgroupSize ?? WG);
    const workgroups = call.workgroups ?? this.threads(call.threads ?? 0, call.label, wg);
    this.recorder.dispatch({
      kernel,
      entry: call.entry,
      uniforms: packUniforms(kernel, call.uniforms),
      buffers: orderBindings(kernel, call.bindings, { read: this.dummy, storage: this.dummyOut }),
      workgroups,
      label: call.label,
      constants,
    });
  }

  /** Grid for one thread per element. */
  threads(n: number, what: string, wg = WG): Grid {
    return gridForThreads(n, wg, this.maxPerDim, what);
  }

  /** Grid for one workgroup per row. */
  rows(n: number, what: string): Grid {
    return grid1d(n, this.maxPerDim, what);
  }

  destroy(): void {
    this.recorder.destroy();
    this.pool.clearFree();
    this.dummy.destroy();
    this.dummyOut.destroy();
  }
}
