// Acquire a WebGPU adapter and device with typed errors, in a page, a worker or Node (injected GPU).
import { GpuError, limitTooSmall } from './errors';
import { DEFAULT_GPU_TIMEOUT_MS, withTimeout } from './timeout';

/** Limits we raise to the adapter's maximum: big activations and big workgroups need them. */
export const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

export const OPTIONAL_FEATURES: GPUFeatureName[] = ['shader-f16', 'timestamp-query'];

export interface GpuContextOptions {
  /** The GPU object; defaults to navigator.gpu. Node passes `create([])` from npm `webgpu`. */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
  /** Accept a software adapter (SwiftShader). Off by default: the app should prefer its CPU backend. */
  allowFallback?: boolean;
  /** Minimum values the app cannot run without; checked against the adapter. */
  minLimits?: Partial<Record<(typeof RAISED_LIMITS)[number] | 'maxComputeWorkgroupsPerDimension', number>>;
  timeoutMs?: number;
  label?: string;
}

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  isFallback: boolean;
}

export type GpuErrorListener = (e: GpuError) => void;

/** A device plus what we learned about it; raises error events on loss and uncaptured errors. */
export class GpuContext {
  readonly features: { f16: boolean; timestamps: boolean };
  /** Resolves (never rejects) with the loss as a GpuError when the device is lost or destroyed. */
  readonly lost: Promise<GpuError>;
  private listeners = new Set<GpuErrorListener>();
  private lostError: GpuError | null = null;
  private destroying = false;

  constructor(
    readonly adapter: GPUAdapter,
    readonly device: GPUDevice,
    readonly adapterInfo: AdapterSummary,
    readonly timeoutMs: number,
  ) {
    this.features = { f16: device.features.has('shader-f16'), timestamps: device.features.has('timestamp-query') };
    this.lost = device.lost.then((info) => {
      const e = new GpuError('device-lost', `GPU device lost (${info.reason}): ${info.message || 'no message'}`, { reason: info.reason });
      this.lostError = e;
      if (!this.destroying) this.emit(e); // our own destroy() is not an error to show
      return e;
    });
    device.addEventListener('uncapturederror', (ev) => {
      const err = (ev as GPUUncapturedErrorEvent).error;
      const oom = typeof GPUOutOfMemoryError !== 'undefined' && err instanceof GPUOutOfMemoryError;
      this.emit(new GpuError(oom ? 'out-of-memory' : 'validation', `WebGPU error: ${err.message}`));
    });
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  get isLost(): boolean {
    return this.lostError !== null;
  }

  /** Throw the loss error if the device is gone (call before recording work). */
  assertAlive(): void {
    if (this.lostError) throw this.lostError;
  }

  /** Subscribe to error events (device loss, uncaptured validation errors). Returns unsubscribe. */
  onError(listener: GpuErrorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: GpuError): void {
    for (const l of this.listeners) l(e);
  }

  /** Release the device on purpose (no error event; `lost` still resolves). */
  destroy(): void {
    this.destroying = true;
    this.device.destroy();
  }
}

function summarize(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const architecture = info?.architecture ?? '';
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info?.vendor ?? '',
    architecture,
    description: info?.description ?? '',
    isFallback: Boolean(info?.isFallbackAdapter || legacyFallback || /swiftshader/i.test(architecture) || /swiftshader/i.test(info?.description ?? '')),
  };
}

/** The GPU object: the injected one, else navigator.gpu (page or worker). */
function findGpu(injected?: GPU): GPU {
  if (injected) return injected;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (!nav?.gpu) throw new GpuError('no-webgpu', 'This browser does not expose WebGPU (navigator.gpu is missing).');
  return nav.gpu;
}

export async function createGpuContext(opts: GpuContextOptions = {}): Promise<GpuContext> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_GPU_TIMEOUT_MS;
  const gpu = findGpu(opts.gpu);
  const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' }), timeoutMs, 'requestAdapter');
  if (!adapter) throw new GpuError('no-adapter', 'WebGPU is available but no GPU adapter was found.');
  const info = summarize(adapter);
  if (info.isFallback && !opts.allowFallback) {
    throw new GpuError(
      'fallback-adapter',
      `Only a software GPU adapter is available (${info.architecture || info.description || 'fallback'}); it is slower than the CPU backend.`,
    );
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  for (const [name, needed] of Object.entries(opts.minLimits ?? {})) {
    const available = adapter.limits[name as keyof GPUSupportedLimits] as number;
    if (needed !== undefined && available < needed) throw limitTooSmall(name, needed, available);
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const device = await withTimeout(
    adapter.requestDevice({ label: opts.label ?? 'blora-device', requiredLimits, requiredFeatures }),
    timeoutMs,
    'requestDevice',
  );
  return new GpuContext(adapter, device, info, timeoutMs);
}

/** Wait for all submitted work, failing fast on a hung GPU or a lost device. */
export async function waitIdle(ctx: GpuContext, what = 'onSubmittedWorkDone'): Promise<void> {
  await gpuWait(ctx, ctx.device.queue.onSubmittedWorkDone(), what);
}

/** Any GPU wait: times out, and rejects at once with the loss error if the device is lost meanwhile. */
export function gpuWait<T>(ctx: GpuContext, p: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    ctx.assertAlive(); // throws inside the executor → a rejected promise, never a synchronous throw
    const off = ctx.onError((e) => {
      if (e.code === 'device-lost') reject(e);
    });
    withTimeout(p, ctx.timeoutMs, what).then(resolve, reject).finally(off);
  });
}
