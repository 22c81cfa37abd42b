// Backend choice in Node: 'auto' without a GPU takes the WebAssembly CPU backend and says why;
// 'cpu' is the TypeScript reference; thread counts are clamped to the machine with a message.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { createBackend, describeBackend } from './backend_factory';

const cores = availableParallelism();

describe('createBackend', () => {
  it("'auto' with no WebGPU falls back to the WebAssembly SIMD CPU backend, one thread per core", async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    const { backend, info } = await createBackend('auto', gpu);
    try {
      expect(info.kind).toBe('cpu');
      expect(info.cpuKernels).toBe('wasm-simd');
      expect(info.threads).toBe(Math.min(cores, 8));
      expect(info.reason).toMatch(/WebGPU/);
      expect(describeBackend(info)).toMatch(/WebAssembly SIMD kernels/);
    } finally {
      backend.destroy();
    }
  });
  it("'cpu' is the TypeScript reference backend", async () => {
    const { backend, info } = await createBackend('cpu');
    expect(info.cpuKernels).toBe('typescript');
    expect((backend as unknown as { kernels: { name: string } }).kernels.name).toBe('typescript');
  });
  it('a thread count above the machine is clamped, with a message', async () => {
    const { backend, info } = await createBackend('wasm', undefined, { threads: cores + 3 });
    try {
      expect(info.threads).toBe(Math.min(cores, 16));
      expect(info.threadsNote).toMatch(new RegExp(`${cores + 3} threads asked for`));
    } finally {
      backend.destroy();
    }
  });
  it('one thread asked for is one thread', async () => {
    const { backend, info } = await createBackend('wasm', undefined, { threads: 1 });
    expect(info.threads).toBe(1);
    expect(info.threadsNote).toBeUndefined();
    backend.destroy();
  });
});
