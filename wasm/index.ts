// Entry point of the WebAssembly SIMD kernels (compiled by tools/build-wasm.mjs with AssemblyScript).
// Every export takes byte offsets into the imported linear memory; the host (src/engine/wasm) owns
// the layout. Each kernel's TypeScript twin in src/engine/cpu is its reference in tests.
export { gemm, gemmWorkspaceBytes } from './gemm';
export { gelu, geluBackward } from './gelu';
export { layerNorm, layerNormBackward } from './layernorm';
export { dropoutScale } from './philox';
export { adamw } from './adamw';
export { attentionForward, attentionBackward } from './attention';

/** The first byte past the module's static data: the host's arena must start above it. */
export function heapBase(): usize { return __heap_base; }
