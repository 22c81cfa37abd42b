import { defineConfig } from 'vitest/config';

// Unit and kernel tests run in Node. Kernel tests use Dawn (npm `webgpu`) on SwiftShader;
// the ICD path is set by test/setup so a missing driver fails loudly rather than skipping.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
