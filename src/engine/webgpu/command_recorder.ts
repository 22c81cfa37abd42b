// Records a training step into ONE command encoder. Dispatches share an open compute pass (one pass
// per dispatch when profiling, for timestamps); copies and clears close it. flush() writes the
// uniform slots, submits, and recycles staging buffers. Validation errors raised while recording
// are caught by an error scope opened at the first command after a flush and reported on check().
import type { GpuContext } from '../../gpu/device';
import { GpuError } from '../../gpu/errors';
import { PipelineCache } from '../../gpu/pipelines';
import { GpuProfiler } from '../../gpu/profiler';
import type { AnyKernel, UniformField } from '../../gpu/kernel_declaration';
import { UniformArena } from './uniform_arena';

const MAP_WRITE_COPY_SRC = 0x04; // GPUBufferUsage.COPY_SRC (mappedAtCreation needs no MAP_WRITE)

export interface DispatchSpec {
  kernel: AnyKernel;
  entry: string;
  constants?: Record<string, number | boolean>;
  uniforms: readonly UniformField[];
  /** Buffers for bindings 1…n, in order. */
  buffers: readonly GPUBuffer[];
  workgroups: readonly [number, number, number];
  label: string;
}

export class CommandRecorder {
  readonly pipelines: PipelineCache;
  readonly profiler: GpuProfiler | null;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private uniforms: UniformArena;
  private staging: GPUBuffer[] = [];
  private scopeOpen = false;
  private pendingErrors: Promise<GPUError | null>[] = [];
  dispatches = 0;
  submits = 0;

  constructor(
    private ctx: GpuContext,
    profile = false,
  ) {
    this.pipelines = new PipelineCache(ctx.device);
    this.uniforms = new UniformArena(ctx.device);
    this.profiler = profile && ctx.features.timestamps ? new GpuProfiler(ctx) : null;
  }

  private get device(): GPUDevice {
    return this.ctx.device;
  }

  private enc(): GPUCommandEncoder {
    this.ctx.assertAlive();
    if (!this.scopeOpen) {
      this.device.pushErrorScope('validation');
      this.scopeOpen = true;
    }
    if (!this.encoder) this.encoder = this.device.createCommandEncoder({ label: 'step' });
    return this.encoder;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  dispatch(d: DispatchSpec): void {
    if (d.workgroups[0] === 0) return;
    const enc = this.enc();
    const { pipeline, layout } = this.pipelines.get({ shader: d.kernel.shader, entryPoint: d.entry, constants: d.constants, bindings: d.kernel.layout });
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: this.uniforms.push(d.uniforms) }];
    d.buffers.forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
    const bindGroup = this.device.createBindGroup({ label: d.label, layout, entries });
    if (this.profiler) {
      this.endPass();
      this.pass = enc.beginComputePass({ label: d.label, timestampWrites: this.profiler.pass(d.label) });
    } else if (!this.pass) {
      this.pass = enc.beginComputePass({ label: 'ops' });
    }
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    this.dispatches++;
  }

  /** Upload host data into dst at the current point of the command stream. */
  upload(dst: GPUBuffer, data: ArrayBufferView): void {
    const bytes = Math.ceil(data.byteLength / 4) * 4;
    if (bytes === 0) return;
    const enc = this.enc();
    this.endPass();
    const staging = this.device.createBuffer({ label: `upload:${dst.label}`, size: bytes, usage: MAP_WRITE_COPY_SRC, mappedAtCreation: true });
    new Uint8Array(staging.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    staging.unmap();
    enc.copyBufferToBuffer(staging, 0, dst, 0, bytes);
    this.staging.push(staging);
  }

  /** Hand the current encoder (no pass open) to code that records its own passes or copies. */
  external(record: (enc: GPUCommandEncoder) => void): void {
    const enc = this.enc();
    this.endPass();
    record(enc);
  }

  copy(src: GPUBuffer, dst: GPUBuffer, bytes: number): void {
    if (bytes === 0) return;
    const enc = this.enc();
    this.endPass();
    enc.copyBufferToBuffer(src, 0, dst, 0, bytes);
  }

  clear(dst: GPUBuffer, bytes: number): void {
    if (bytes === 0) return;
    const enc = this.enc();
    this.endPass();
    enc.clearBuffer(dst, 0, Math.ceil(bytes / 4) * 4);
  }

  /** Submit everything recorded since the last flush. */
  flush(): boolean {
    if (!this.encoder) return false;
    this.endPass();
    this.profiler?.resolve(this.encoder);
    const cmd = this.encoder.finish();
    this.encoder = null;
    this.uniforms.upload(this.device.queue);
    this.device.queue.submit([cmd]);
    this.submits++;
    for (const s of this.staging) s.destroy();
    this.staging = [];
    if (this.scopeOpen) {
      this.scopeOpen = false;
      this.pendingErrors.push(this.device.popErrorScope().catch(() => null));
      if (this.pendingErrors.length > 32) {
        // Nobody read for a while: fold the scopes into one promise of the first error.
        const all = this.pendingErrors;
        this.pendingErrors = [Promise.all(all).then((errs) => errs.find((e) => e !== null) ?? null)];
      }
    }
    return true;
  }

  /** Throw the first validation error raised by work submitted so far. */
  async check(): Promise<void> {
    const pending = this.pendingErrors;
    this.pendingErrors = [];
    const errors = (await Promise.all(pending)).filter((e): e is GPUError => e !== null);
    if (errors.length > 0) throw new GpuError('validation', `WebGPU validation error: ${errors[0].message}`);
  }

  destroy(): void {
    if (this.pass) this.endPass();
    this.encoder = null;
    this.uniforms.destroy();
    this.profiler?.destroy();
    for (const s of this.staging) s.destroy();
    this.staging = [];
  }
}
