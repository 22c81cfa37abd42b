// Every kernel declaration (engine and Bayes) against the WGSL it compiles: uniform struct, named
// bindings, entry points, overrides; every shader file declared or a library; no shader re-implements
// a library helper. Plus the dispatch helpers' refusals. No GPU needed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SWAG_KERNELS } from '../bayes/gpu/swag_kernels';
import { KERNELS } from '../engine/webgpu/kernels';
import { callConstants, defineKernel, orderBindings, packUniforms } from '../gpu/kernel_declaration';
import { readWgslInterface, specMismatches, stripComments } from '../gpu/testing/wgsl_interface';
import { WGSL_LIBRARIES } from '../gpu/wgsl_libraries';

const ALL = [...Object.values(KERNELS), ...Object.values(SWAG_KERNELS)];
const SHADERS = join(__dirname, '../../shaders');
const files = readdirSync(SHADERS).filter((f) => f.endsWith('.wgsl'));

describe('kernel declarations', () => {
  it.each(ALL.map((k) => [k.name, k] as const))('%s matches its WGSL', (_name, kernel) => {
    expect(specMismatches(kernel)).toEqual([]);
    expect(readFileSync(join(SHADERS, kernel.file), 'utf8')).toBe(kernel.code);
  });

  it('covers every shader file that is not a library, once', () => {
    const libraries = Object.keys(WGSL_LIBRARIES).map((l) => `${l}.wgsl`);
    const declared = ALL.map((k) => k.file);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared, ...libraries].sort()).toEqual([...files].sort());
  });

  it('leaves the library helpers to the libraries (no copied flat index or tree reduction)', () => {
    const helpers = Object.values(WGSL_LIBRARIES).flatMap((code) => readWgslInterface(code).functions);
    for (const kernel of ALL) {
      const own = stripComments(kernel.code);
      const redefined = readWgslInterface(own).functions.filter((f) => helpers.includes(f));
      expect(redefined, kernel.file).toEqual([]);
      expect(/gid\.x\s*\+\s*gid\.y/.test(own), `${kernel.file} computes the flat index itself`).toBe(false);
      expect(/var<workgroup>\s+red\b/.test(own), `${kernel.file} declares its own reduction buffer`).toBe(false);
    }
  });

  it('finds a declaration out of order (the check can fail)', () => {
    const m = KERNELS.matmul;
    const swapped = defineKernel({ ...m, bindings: [m.bindings[1], m.bindings[0], ...m.bindings.slice(2)] });
    expect(specMismatches(swapped)).toEqual(['binding 1: spec b (read), WGSL a (read)', 'binding 2: spec a (read), WGSL b (read)']);
    const ln = KERNELS.layernorm;
    const wrongUniforms = defineKernel({ ...ln, uniforms: [ln.uniforms[1], ln.uniforms[0], ln.uniforms[2]] });
    expect(specMismatches(wrongUniforms)).toEqual(['uniforms: spec {D: u32, rows: u32, eps: f32}, WGSL {rows: u32, D: u32, eps: f32}']);
    const noOverride = defineKernel({ ...ln, overrides: [] });
    expect(specMismatches(noOverride)).toEqual(['overrides: spec [], WGSL [RESIDUAL]']);
    const twice = defineKernel({ ...KERNELS.softmax, libraries: ['lib_reduce', 'lib_reduce'] });
    expect(specMismatches(twice)).toEqual(['functions defined twice: reduce_sum, reduce_max']);
    const missing = defineKernel({ ...KERNELS.softmax, libraries: [] });
    expect(specMismatches(missing)).toEqual([
      'calls reduce_sum() but does not list the library lib_reduce',
      'calls reduce_max() but does not list the library lib_reduce',
    ]);
  });
});

describe('dispatch by name', () => {
  const k = KERNELS.layernorm;

  it('packs the uniforms in WGSL order and types, and names a missing one', () => {
    expect(packUniforms(k, { eps: 1e-12, D: 768, rows: 3 })).toEqual([
      ['u', 3],
      ['u', 768],
      ['f', 1e-12],
    ]);
    expect(() => packUniforms(k, { rows: 3, D: 768 })).toThrow("layernorm: uniform 'eps' is missing");
  });

  it('orders bindings, fills unused ones, and refuses unknown names or two unbound outputs', () => {
    const fill = { read: 'R', storage: 'S' };
    expect(orderBindings(k, { x: 'x', gamma: 'g', beta: 'b', y: 'y', mean_out: 'm', rstd_out: 'r' }, fill)).toEqual(['x', 'R', 'g', 'b', 'S', 'y', 'm', 'r']);
    expect(() => orderBindings(k, { x: 'x', gama: 'g' }, fill)).toThrow("layernorm: no binding named 'gama'");
    expect(() => orderBindings(k, { x: 'x', gamma: 'g', beta: 'b', y: 'y' }, fill)).toThrow('writable bindings sum, mean_out, rstd_out are all unbound');
  });

  it('adds the WG default to the call constants and refuses an undeclared override', () => {
    expect(callConstants(k, { RESIDUAL: true })).toEqual({ WG: 64, RESIDUAL: true });
    expect(callConstants(KERNELS.matmul, { TRANS_B: true })).toEqual({ TRANS_B: true });
    expect(callConstants(k, { WG: 128 })).toEqual({ WG: 128 });
    expect(() => callConstants(k, { RESIDUL: true })).toThrow("layernorm: no override constant named 'RESIDUL'");
  });

  it('prepends the declared libraries to the code', () => {
    expect(KERNELS.gelu.shader.code.startsWith(WGSL_LIBRARIES.lib_grid)).toBe(true);
    expect(KERNELS.gelu.shader.code.endsWith(KERNELS.gelu.code)).toBe(true);
    expect(KERNELS.gelu.layout).toEqual(['uniform', 'read', 'read', 'storage']);
  });
});
