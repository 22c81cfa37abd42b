// One place that configures onnxruntime-web's global environment.
// In a production Vite build multithreaded wasm must load ORT's own .mjs/.wasm from a copied
// folder (ENVIRONMENT.md); the app passes that folder as wasmPaths.

import * as ort from 'onnxruntime-web';

export interface OrtOptions {
  /** Folder (URL prefix) holding ort-wasm-*.{mjs,wasm}, e.g. '/ort/'. */
  wasmPaths?: string;
  /** wasm threads; >1 needs cross-origin isolation in the browser. Default: 1 in Node, else ORT's choice. */
  numThreads?: number;
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

export function configureOrt(opts: OrtOptions = {}): typeof ort {
  if (opts.wasmPaths !== undefined) ort.env.wasm.wasmPaths = opts.wasmPaths;
  if (opts.numThreads !== undefined) ort.env.wasm.numThreads = opts.numThreads;
  else if (isNode()) ort.env.wasm.numThreads = 1;
  ort.env.logLevel = opts.logLevel ?? 'warning';
  return ort;
}

export function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

/** The webgpu EP needs a browser with navigator.gpu (it does not run in Node). */
export function webGpuEpPossible(): boolean {
  return !isNode() && typeof navigator !== 'undefined' && 'gpu' in navigator;
}

export { ort };
