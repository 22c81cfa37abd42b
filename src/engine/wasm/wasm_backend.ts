// The fast CPU backend: the CpuBackend (same tensors, same host paths) running the WebAssembly SIMD
// kernel set instead of the TypeScript twins.
import { CpuBackend } from '../cpu/backend';
import { wasmSimdUnsupportedReason } from './wasm_heap';
import { WasmKernels } from './wasm_kernels';

export class WasmUnavailableError extends Error {}

/** A CpuBackend on the WebAssembly SIMD kernels; throws WasmUnavailableError with the reason when this runtime cannot run them. */
export async function createWasmCpuBackend(opts: { threads?: number } = {}): Promise<CpuBackend> {
  const reason = wasmSimdUnsupportedReason();
  if (reason) throw new WasmUnavailableError(reason);
  try {
    return new CpuBackend(await WasmKernels.create(opts));
  } catch (err) {
    throw new WasmUnavailableError(`the WebAssembly kernels failed to start (${(err as Error).message})`);
  }
}
