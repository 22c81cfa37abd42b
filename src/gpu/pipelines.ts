// Compute pipelines cached by (shader id, entry point, override constants), as onnxruntime-web
// does: building a pipeline compiles WGSL, so each distinct variant is built once per device.

export type BindingKind = 'uniform' | 'read' | 'storage';

export interface ShaderSource {
  /** Stable id, part of the cache key (e.g. 'matmul'). */
  id: string;
  /** WGSL text (libraries such as philox.wgsl already concatenated). */
  code: string;
}

export interface PipelineRequest {
  shader: ShaderSource;
  entryPoint: string;
  constants?: Record<string, number | boolean>;
  /** Explicit bind group 0 layout (binding i = kinds[i]); omitted → layout 'auto'. */
  bindings?: readonly BindingKind[];
}

export interface CachedPipeline {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  key: string;
}

export function pipelineKey(r: PipelineRequest): string {
  const c = r.constants ?? {};
  const consts = Object.keys(c)
    .sort()
    .map((k) => `${k}=${Number(c[k])}`)
    .join(',');
  return `${r.shader.id}:${r.entryPoint}:${consts}:${r.bindings ? r.bindings.join('') : 'auto'}`;
}

const BUFFER_TYPE: Record<BindingKind, GPUBufferBindingType> = { uniform: 'uniform', read: 'read-only-storage', storage: 'storage' };

export class PipelineCache {
  private modules = new Map<string, GPUShaderModule>();
  private pipelines = new Map<string, CachedPipeline>();
  private layouts = new Map<string, GPUBindGroupLayout>();
  hits = 0;
  misses = 0;

  constructor(private device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  module(shader: ShaderSource): GPUShaderModule {
    let m = this.modules.get(shader.id);
    if (!m) {
      m = this.device.createShaderModule({ label: shader.id, code: shader.code });
      this.modules.set(shader.id, m);
    }
    return m;
  }

  private bindGroupLayout(kinds: readonly BindingKind[]): GPUBindGroupLayout {
    const key = kinds.join(',');
    let l = this.layouts.get(key);
    if (!l) {
      l = this.device.createBindGroupLayout({
        label: `bgl[${key}]`,
        entries: kinds.map((k, i) => ({ binding: i, visibility: GPUShaderStage.COMPUTE, buffer: { type: BUFFER_TYPE[k] } })),
      });
      this.layouts.set(key, l);
    }
    return l;
  }

  get(r: PipelineRequest): CachedPipeline {
    const key = pipelineKey(r);
    const hit = this.pipelines.get(key);
    if (hit) {
      this.hits++;
      return hit;
    }
    this.misses++;
    const module = this.module(r.shader);
    const explicit = r.bindings ? this.bindGroupLayout(r.bindings) : null;
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: explicit ? this.device.createPipelineLayout({ label: `pl:${key}`, bindGroupLayouts: [explicit] }) : 'auto',
      compute: { module, entryPoint: r.entryPoint, constants: numericConstants(r.constants) },
    });
    const entry = { pipeline, layout: explicit ?? pipeline.getBindGroupLayout(0), key };
    this.pipelines.set(key, entry);
    return entry;
  }
}

/** WebGPU takes override values as numbers; booleans become 1/0. */
function numericConstants(c?: Record<string, number | boolean>): Record<string, number> | undefined {
  if (!c) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c)) out[k] = Number(v);
  return out;
}
