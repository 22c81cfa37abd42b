// WebGPU in Node through Dawn (npm `webgpu`), for the CLI and the tests alike. Dawn needs a Vulkan
// driver named explicitly; on GPU-less Debian that is Chromium's SwiftShader ICD, used when no
// driver is named and the file exists.
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

// Dawn aborts the process if its GPU object is garbage-collected while devices live: keep it.
let held: GPU | null = null;

/** The Dawn GPU object, created once per process. */
export async function nodeGpu(): Promise<GPU> {
  if (held) return held;
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES) {
    const { existsSync } = await import('node:fs');
    if (existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  held = create([]) as unknown as GPU;
  return held;
}
