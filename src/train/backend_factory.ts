// Chooses and creates the compute backend. 'auto' takes a real GPU when there is one, else the CPU
// backend on WebAssembly SIMD kernels, else (no SIMD in this runtime) the CPU backend on the
// TypeScript twins, saying why each time. A software adapter (SwiftShader) is slower than the CPU
// backend, so 'auto' only uses it when asked for WebGPU explicitly.
import type { Backend } from '../engine/backend';
import { CpuBackend } from '../engine/cpu/backend';
import { createWasmCpuBackend } from '../engine/wasm/wasm_backend';
import { chooseThreads } from '../engine/wasm/threads_choice';
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

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

export interface BackendOptions {
  /** Kernel threads of the WebAssembly CPU backend; 0 or absent = one per core. */
  threads?: number;
}

/** The WebAssembly CPU backend with the thread count this runtime allows (falling back to one thread, saying why). */
async function wasmBackend(why: string, o: BackendOptions): Promise<CreatedBackend> {
  const t = await chooseThreads(o.threads ?? 0);
  let backend: Backend,
    note = t.note;
  try {
    backend = await createWasmCpuBackend({ threads: t.threads });
  } catch (err) {
    if (t.threads === 1) throw err;
    backend = await createWasmCpuBackend({ threads: 1 });
    t.threads = 1;
    note = `kernel threads failed to start (${(err as Error).message}); 1 thread`;
  }
  return { backend, info: { kind: 'cpu', cpuKernels: 'wasm-simd', reason: why, threads: t.threads, threadsNote: note } };
}

/** The fastest CPU backend this runtime can run; `why` says why the CPU is used at all. */
async function cpuBackend(why: string, o: BackendOptions): Promise<CreatedBackend> {
  try {
    return await wasmBackend(why, o);
  } catch (err) {
    const reason = `${why}; WebAssembly SIMD is unavailable (${(err as Error).message}), so the TypeScript kernels are used`;
    return { backend: new CpuBackend(), info: { kind: 'cpu', cpuKernels: 'typescript', reason } };
  }
}

export async function createBackend(choice: BackendChoice, gpu?: GPU, o: BackendOptions = {}): Promise<CreatedBackend> {
  if (choice === 'cpu')
    return {
      backend: new CpuBackend(),
      info: { kind: 'cpu', cpuKernels: 'typescript', reason: 'the TypeScript CPU backend (the reference kernels) was chosen in the settings' },
    };
  if (choice === 'wasm') {
    // Asked for explicitly: a runtime without SIMD is an error, not a silent fallback.
    return wasmBackend('the WebAssembly SIMD CPU backend was chosen', o);
  }
  try {
    const ctx = await createGpuContext({ gpu, allowFallback: choice === 'webgpu' });
    const a = ctx.adapterInfo;
    return { backend: new WebGpuBackend(ctx), info: { kind: 'webgpu', adapter: { ...a } }, gpu: ctx };
  } catch (err) {
    if (choice === 'webgpu') throw err;
    const reason = isGpuError(err)
      ? err.code === 'fallback-adapter'
        ? err.message.replace(/\.$/, '')
        : `WebGPU is unavailable (${err.message})`
      : `WebGPU failed to start (${(err as Error).message})`;
    return cpuBackend(reason, o);
  }
}

/** One line naming the backend in use, for logs and the CLI. */
export function describeBackend(info: BackendInfo): string {
  if (info.kind === 'webgpu') {
    const a = info.adapter;
    return `WebGPU (${a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' · ') : 'unknown adapter'}${a?.isFallback ? ', software adapter' : ''})`;
  }
  const kernels =
    info.cpuKernels === 'typescript' ? 'TypeScript kernels' : `WebAssembly SIMD kernels, ${info.threads ?? 1} thread${info.threads === 1 ? '' : 's'}`;
  return `CPU, ${kernels}${info.threadsNote ? ` [${info.threadsNote}]` : ''}${info.reason ? ` (${info.reason})` : ''}`;
}
