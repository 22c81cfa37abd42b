// WebGPU for vitest in Node: Dawn (npm `webgpu`) on SwiftShader. No adapter → throw (tests must
// fail, never skip). One device per test file; destroy it in afterAll.
import { createGpuContext, type GpuContext } from '../device';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let gpuObject: GPU | null = null;

/** The Dawn GPU object (created once per process). */
export async function getNodeGpu(): Promise<GPU> {
  if (gpuObject) return gpuObject;
  if (!process.env.VK_ICD_FILENAMES) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  gpuObject = create([]);
  return gpuObject;
}

/** A fresh device (fallback adapters allowed). Throws a clear error when there is no adapter. */
export async function getTestDevice(): Promise<GpuContext> {
  const gpu = await getNodeGpu();
  try {
    return await createGpuContext({ gpu, allowFallback: true, timeoutMs: 60_000, label: 'test-device' });
  } catch (e) {
    throw new Error(
      `No WebGPU adapter for the GPU tests (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}). ` +
        `Install Debian's chromium (SwiftShader ICD) and libvulkan1. Cause: ${(e as Error).message}`,
    );
  }
}
