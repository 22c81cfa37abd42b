import { defineConfig } from 'vite';

// Builds the Node CLI (`blora`) from the same sources as the app, so WGSL `?raw` imports work
// unchanged. Dependencies stay external and load from node_modules.
export default defineConfig({
  // The CLI reads public/ from the repository; copying it into dist-cli would duplicate the model.
  publicDir: false,
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'blora.js', format: 'es' } },
  },
  ssr: { external: ['webgpu', 'onnxruntime-web'] },
});
