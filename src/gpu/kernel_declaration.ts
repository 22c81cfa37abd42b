// One way to host a compute kernel, after onnxruntime-web's ProgramInfo: a declarative description
// of a shader's interface (entry points, the `struct Params` at binding 0 field by field, the named
// storage bindings 1…n, the workgroup size) that every caller dispatches through by name. The
// engine's kernels (src/engine/webgpu/kernels.ts) and the Bayes kernels (src/bayes/gpu/
// swag_kernels.ts) are declared this way; src/checks/kernel_declarations.test.ts parses each shader and checks
// the description against it, so a binding or uniform out of order fails a test instead of silently
// reading the wrong buffer.
import type { BindingKind, ShaderSource } from './pipelines';
import { WGSL_LIBRARIES, type WgslLibrary } from './wgsl_libraries';

export type UniformType = 'u32' | 'i32' | 'f32';
export type StorageKind = Exclude<BindingKind, 'uniform'>;
/** One 4-byte field of a uniform block, as the uniform arena packs it. */
export type UniformField = ['u' | 'i' | 'f', number];

export interface KernelSpecInput<E extends string, U extends string, B extends string, O extends string> {
  /** Shader id: the shader module's cache key and the label prefix of its pipelines. */
  name: string;
  /** The shader's file under shaders/, for people and the interface test. */
  file: string;
  /** The file's WGSL text. */
  code: string;
  /** WGSL libraries (shaders/<name>.wgsl) prepended to the code, in this order. */
  libraries?: readonly WgslLibrary[];
  /** Entry points (`@compute fn …`). */
  entries: readonly E[];
  /** The `struct Params` bound at 0, in WGSL field order. */
  uniforms: readonly (readonly [U, UniformType])[];
  /** Storage bindings 1…n, in WGSL binding order. */
  bindings: readonly (readonly [B, StorageKind])[];
  /**
   * Threads per workgroup along x: the default of the shader's `override WG` (passed with every
   * pipeline, so a call may change it), or null when the shader fixes its own workgroup shape.
   */
  workgroupSize: number | null;
  /** The shader's other `override` constants (variants chosen per call: TRANS_A, HAS_BIAS, …). */
  overrides?: readonly O[];
}

export interface Kernel<E extends string = string, U extends string = string, B extends string = string, O extends string = string>
  extends KernelSpecInput<E, U, B, O> {
  /** Libraries + code, as compiled. */
  shader: ShaderSource;
  /** Bind group 0 layout: the uniform block, then the storage bindings. */
  layout: readonly BindingKind[];
}

/** Any kernel, whatever its names (for code that only records or inspects). */
// The name unions are contravariant in KernelCall: `any` erases them here only.
export type AnyKernel = Kernel<any, any, any, any>;

export function defineKernel<const E extends string, const U extends string, const B extends string, const O extends string = never>(
  spec: KernelSpecInput<E, U, B, O>,
): Kernel<E, U, B, O> {
  const libs = (spec.libraries ?? []).map((l) => WGSL_LIBRARIES[l]);
  return {
    ...spec,
    shader: { id: spec.name, code: [...libs, spec.code].join('\n') },
    layout: ['uniform', ...spec.bindings.map(([, kind]) => kind)],
  };
}

/** One dispatch of a kernel, everything by name. */
export interface KernelCall<E extends string, U extends string, B extends string, O extends string, T> {
  entry: E;
  /** Every field of the uniform struct. */
  uniforms: { readonly [K in U]: number };
  /** Buffers (or tensors) by binding name; an unused read binding may be left out, and one unused storage binding. */
  bindings: { readonly [K in B]?: T };
  /** Explicit workgroup counts, or one thread per element (`threads`) on the kernel's WG-wide grid. */
  workgroups?: readonly [number, number, number];
  threads?: number;
  /** The kernel's override constants (WG defaults to its workgroupSize). */
  constants?: { readonly [K in O | 'WG']?: number | boolean };
  label: string;
}

/** The uniform block in WGSL field order; a missing or non-numeric value names its field. */
export function packUniforms(kernel: AnyKernel, values: Readonly<Record<string, number>>): UniformField[] {
  return kernel.uniforms.map(([name, type]) => {
    const v = values[name];
    if (typeof v !== 'number') throw new Error(`${kernel.name}: uniform '${name}' is missing`);
    return [type === 'u32' ? 'u' : type === 'i32' ? 'i' : 'f', v];
  });
}

/**
 * Buffers for bindings 1…n in WGSL order. A binding the entry point leaves unused (the layout is
 * shared by all entry points of a shader) gets a filler: `read` for read-only ones, `storage` for
 * one writable one. Two unbound writable bindings would alias one buffer, which WebGPU refuses.
 */
export function orderBindings<T>(kernel: AnyKernel, given: Readonly<Record<string, T | undefined>>, fillers: { read: T; storage: T }): T[] {
  for (const name of Object.keys(given)) {
    if (!kernel.bindings.some(([b]) => b === name)) throw new Error(`${kernel.name}: no binding named '${name}'`);
  }
  const unboundWritable = kernel.bindings.filter(([name, kind]) => kind === 'storage' && given[name] === undefined).map(([name]) => name);
  if (unboundWritable.length > 1)
    throw new Error(`${kernel.name}: writable bindings ${unboundWritable.join(', ')} are all unbound (they would alias one buffer)`);
  return kernel.bindings.map(([name, kind]) => given[name] ?? (kind === 'read' ? fillers.read : fillers.storage));
}

/** Override constants of a call: the kernel's WG default, then the call's own. */
export function callConstants(kernel: AnyKernel, constants: Readonly<Record<string, number | boolean | undefined>> = {}): Record<string, number | boolean> {
  for (const name of Object.keys(constants)) {
    if (name !== 'WG' && !kernel.overrides?.includes(name)) throw new Error(`${kernel.name}: no override constant named '${name}'`);
  }
  const given = Object.fromEntries(Object.entries(constants).filter((e): e is [string, number | boolean] => e[1] !== undefined));
  return kernel.workgroupSize === null ? given : { WG: kernel.workgroupSize, ...given };
}

/** The uniform values of a kernel, by field name. */
export type UniformsOf<K> = K extends Kernel<any, infer U, any, any> ? { readonly [N in U]: number } : never;
/** A kernel's entry point names. */
export type EntryOf<K> = K extends Kernel<infer E, any, any, any> ? E : never;
