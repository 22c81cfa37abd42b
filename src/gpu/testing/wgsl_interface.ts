// Reads the interface of a WGSL module (the uniform struct at binding 0, the storage bindings, the
// compute entry points, the override constants) and lists where a KernelSpec disagrees with it.
// Regular expressions suffice for our shaders: one bind group, scalar uniform fields, no nesting.
import type { AnyKernel, StorageKind, UniformType } from '../kernel_declaration';
import { WGSL_LIBRARIES } from '../wgsl_libraries';

export interface WgslInterface {
  uniforms: [string, string][];
  /** binding index → [name, kind] (the first declaration; aliases must agree on the kind). */
  bindings: Map<number, [string, StorageKind]>;
  entries: string[];
  /** override name → default value text ('' when none). */
  overrides: Map<string, string>;
  functions: string[];
  problems: string[];
}

export function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

export function readWgslInterface(code: string): WgslInterface {
  const src = stripComments(code);
  const problems: string[] = [];
  const uniformVar = /@group\(0\)\s*@binding\(0\)\s*var<uniform>\s*\w+\s*:\s*(\w+)\s*;/.exec(src);
  let uniforms: [string, string][] = [];
  if (uniformVar) {
    const struct = new RegExp(`struct\\s+${uniformVar[1]}\\s*\\{([^}]*)\\}`).exec(src);
    if (!struct) problems.push(`uniform struct ${uniformVar[1]} not found`);
    else uniforms = [...struct[1].matchAll(/(\w+)\s*:\s*(\w+)/g)].map((m) => [m[1], m[2]]);
  }
  const bindings = new Map<number, [string, StorageKind]>();
  for (const m of src.matchAll(/@group\((\d+)\)\s*@binding\((\d+)\)\s*var<storage\s*,\s*(read_write|read)>\s*(\w+)/g)) {
    if (m[1] !== '0') problems.push(`binding ${m[4]} is in group ${m[1]}`);
    const index = Number(m[2]);
    const kind: StorageKind = m[3] === 'read' ? 'read' : 'storage';
    const seen = bindings.get(index);
    if (!seen) bindings.set(index, [m[4], kind]);
    else if (seen[1] !== kind) problems.push(`binding ${index} is declared both ${seen[1]} (${seen[0]}) and ${kind} (${m[4]})`);
  }
  const entries = [...src.matchAll(/@compute\s*@workgroup_size\([^)]*\)\s*fn\s+(\w+)/g)].map((m) => m[1]);
  const overrides = new Map([...src.matchAll(/override\s+(\w+)\s*:\s*\w+\s*(?:=\s*([^;]+))?;/g)].map((m) => [m[1], (m[2] ?? '').trim()]));
  const functions = [...src.matchAll(/\bfn\s+(\w+)/g)].map((m) => m[1]);
  return { uniforms, bindings, entries, overrides, functions, problems };
}

const WGSL_TYPE: Record<UniformType, string> = { u32: 'u32', i32: 'i32', f32: 'f32' };

/** Every disagreement between a kernel's declaration and its compiled WGSL (empty when they match). */
export function specMismatches(kernel: AnyKernel): string[] {
  const w = readWgslInterface(kernel.shader.code);
  const out = [...w.problems];
  const want = kernel.uniforms.map(([n, t]) => `${n}: ${WGSL_TYPE[t as UniformType]}`).join(', ');
  const have = w.uniforms.map(([n, t]) => `${n}: ${t}`).join(', ');
  if (want !== have) out.push(`uniforms: spec {${want}}, WGSL {${have}}`);
  const n = kernel.bindings.length;
  kernel.bindings.forEach(([name, kind], i) => {
    const b = w.bindings.get(i + 1);
    if (!b) out.push(`binding ${i + 1} (${name}) is not declared in the WGSL`);
    else if (b[0] !== name || b[1] !== kind) out.push(`binding ${i + 1}: spec ${name} (${kind}), WGSL ${b[0]} (${b[1]})`);
  });
  for (const [index, [name]] of w.bindings) if (index > n || index < 1) out.push(`binding ${index} (${name}) is not in the spec`);
  const entries = [...w.entries].sort().join(', ');
  if ([...kernel.entries].sort().join(', ') !== entries) out.push(`entries: spec ${[...kernel.entries].sort().join(', ')}, WGSL ${entries}`);
  const wg = w.overrides.get('WG');
  if (kernel.workgroupSize === null && wg !== undefined) out.push('WGSL has override WG but the spec fixes the workgroup size');
  if (kernel.workgroupSize !== null && wg !== String(kernel.workgroupSize) && wg !== `${kernel.workgroupSize}u`)
    out.push(`override WG: spec default ${kernel.workgroupSize}, WGSL ${wg === undefined ? 'none' : `= ${wg}`}`);
  const others = [...w.overrides.keys()].filter((k) => k !== 'WG').sort();
  const declared = [...(kernel.overrides ?? [])].sort();
  if (others.join(',') !== declared.join(',')) out.push(`overrides: spec [${declared}], WGSL [${others}]`);
  const dup = w.functions.filter((f, i) => w.functions.indexOf(f) !== i);
  if (dup.length > 0) out.push(`functions defined twice: ${[...new Set(dup)].join(', ')}`);
  const body = stripComments(kernel.shader.code);
  for (const [lib, code] of Object.entries(WGSL_LIBRARIES)) {
    for (const fn of readWgslInterface(code).functions) {
      if (!w.functions.includes(fn) && new RegExp(`\\b${fn}\\s*\\(`).test(body)) out.push(`calls ${fn}() but does not list the library ${lib}`);
    }
  }
  return out;
}
