// Where the fast CPU backend cannot run: without WebAssembly SIMD 'auto' falls back to the
// TypeScript kernels and says why; without shared memory the kernels run on one thread, saying why.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseThreads } from '../engine/wasm/threads_choice';
import { createBackend } from './backend_factory';

const noGpu = { requestAdapter: async () => null } as unknown as GPU;

afterEach(() => vi.unstubAllGlobals());

describe('fallbacks of the CPU backend', () => {
  it("'auto' without WebAssembly SIMD uses the TypeScript kernels and says so; 'wasm' refuses", async () => {
    vi.stubGlobal('WebAssembly', { ...WebAssembly, validate: () => false });
    const { info } = await createBackend('auto', noGpu);
    expect(info.cpuKernels).toBe('typescript');
    expect(info.reason).toMatch(/no WebAssembly SIMD/);
    await expect(createBackend('wasm')).rejects.toThrow(/no WebAssembly SIMD/);
  });
  it('without SharedArrayBuffer (a page that is not cross-origin isolated) the kernels run on 1 thread, with the reason', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const t = await chooseThreads(4);
    expect(t.threads).toBe(1);
    expect(t.note).toMatch(/no shared memory/);
  });
  it('refuses a negative or fractional thread count', async () => {
    await expect(chooseThreads(-1)).rejects.toThrow(/thread count/);
    await expect(chooseThreads(1.5)).rejects.toThrow(/thread count/);
  });
});
