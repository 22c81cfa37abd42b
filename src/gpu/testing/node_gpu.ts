// WebGPU for vitest in Node: Dawn (npm `webgpu`) on SwiftShader. No adapter → throw (tests must
// fail, never skip). One device per test file; destroy it in afterAll.
import { createGpuContext, type GpuContext } from '../device';
import { nodeGpu } from '../node_gpu';

/** The Dawn GPU object (one per process; src/gpu/node_gpu.ts). */
export const getNodeGpu = nodeGpu;

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
