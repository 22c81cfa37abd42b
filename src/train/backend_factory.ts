// Chooses and creates the compute backend. 'auto' takes a real GPU when there is one and the CPU
// backend otherwise, saying why; a software adapter (SwiftShader) is slower than our CPU loops,
// so 'auto' only uses it when asked for WebGPU explicitly.
import type { Backend } from '../engine/backend';
import { CpuBackend } from '../engine/cpu/backend';
import { WebGpuBackend } from '../engine/webgpu/webgpu_backend';
import { createGpuContext, type GpuContext } from '../gpu/device';
import { isGpuError } from '../gpu/errors';
import type { BackendChoice, BackendInfo } from './protocol';

export interface CreatedBackend {
  backend: Backend;
  info: BackendInfo;
  /** The GPU context when the WebGPU backend is in use (device-loss events live there). */
  gpu?: GpuContext;
}

export async function createBackend(choice: BackendChoice, gpu?: GPU): Promise<CreatedBackend> {
  if (choice === 'cpu') return { backend: new CpuBackend(), info: { kind: 'cpu', reason: 'the CPU backend was chosen in the settings' } };
  try {
    const ctx = await createGpuContext({ gpu, allowFallback: choice === 'webgpu' });
    const a = ctx.adapterInfo;
    return { backend: new WebGpuBackend(ctx), info: { kind: 'webgpu', adapter: { ...a } }, gpu: ctx };
  } catch (err) {
    if (choice === 'webgpu') throw err;
    const reason = isGpuError(err)
      ? err.code === 'fallback-adapter'
        ? `${err.message} The CPU backend is used instead.`
        : `WebGPU is unavailable (${err.message}); the CPU backend is used instead.`
      : `WebGPU failed to start (${(err as Error).message}); the CPU backend is used instead.`;
    return { backend: new CpuBackend(), info: { kind: 'cpu', reason } };
  }
}
