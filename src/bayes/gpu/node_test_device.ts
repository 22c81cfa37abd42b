// A WebGPU device for Node kernel tests: Dawn (npm `webgpu`) on SwiftShader. Throws (so the test
// fails, never skips) when no adapter is found. Test-only: never imported by app code.

export interface TestDevice {
  device: GPUDevice;
  /** Uncaptured WebGPU errors (validation, out-of-memory); a test asserts this stays empty. */
  errors: string[];
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out`)), 30_000); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Held for the life of the process: if Dawn's GPU object is garbage-collected, its devices die with it (a native crash). */
let gpuObject: GPU | null = null;

export async function bayesTestDevice(): Promise<TestDevice> {
  // Set before Dawn loads: the Vulkan loader reads it once.
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (!gpuObject) {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    gpuObject = create([]);
  }
  const gpu = gpuObject;
  const adapter = await withTimeout(gpu.requestAdapter(), 'requestAdapter');
  if (!adapter) throw new Error('No WebGPU adapter (is VK_ICD_FILENAMES pointing at SwiftShader?)');
  const device = await withTimeout(adapter.requestDevice(), 'requestDevice');
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (e) => errors.push((e as GPUUncapturedErrorEvent).error.message));
  return { device, errors };
}
