#!/usr/bin/env node
// Copies onnxruntime-web's threaded JSEP runtime into public/ort/ so the production build can
// load it as a separate file (bundling it makes multi-threaded wasm hang; see ENVIRONMENT.md).
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'node_modules', 'onnxruntime-web', 'dist');
const outDir = join(root, 'public', 'ort');
const files = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

mkdirSync(outDir, { recursive: true });
for (const f of files) {
  const from = join(srcDir, f);
  if (!existsSync(from)) {
    console.error(`copy-ort-wasm: missing ${from} (is onnxruntime-web installed?)`);
    process.exit(1);
  }
  copyFileSync(from, join(outDir, f));
}
console.log(`copy-ort-wasm: copied ${files.length} files to public/ort/`);
