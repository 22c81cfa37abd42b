import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets onnxruntime-web and the engine use SharedArrayBuffer / threads.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  // Multi-threaded ORT wasm hangs when its workers re-run the app bundle; the extern-wasm
  // condition makes it load the copied public/ort/*.mjs instead (see ENVIRONMENT.md).
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // The benchmark page (bench.html, docs/benchmarks.md) and the engine check page
  // (engine-check.html, e2e/engine_check.spec.ts) are built next to the app.
  build: { rollupOptions: { input: { main: 'index.html', bench: 'bench.html', engineCheck: 'engine-check.html' } } },
});
