// The kernels a CpuBackend runs, as one swappable set: the TypeScript twins (the reference) or the
// WebAssembly SIMD kernels (src/engine/wasm/wasm_kernels.ts), which take and return the same arrays.
import type { AdamWHyper, DropoutSpec } from '../backend';
import type { GroupedMatmulDims } from '../grouped_shape';
import { adamwCpu } from './adamw';
import { attentionBackwardCpu, attentionCpu, type AttentionDims } from './attention';
import { dropoutBackwardCpu, dropoutCpu } from './dropout';
import { geluBackwardCpu, geluCpu } from './gelu';
import { groupedMatmulCpu } from './grouped';
import { layerNormBackwardCpu, layerNormCpu } from './layernorm';
import { linearBackwardParamsCpu } from './linear';
import { loraBackwardCpu, loraForwardCpu } from './lora';
import { loraXsBackwardCpu, loraXsForwardCpu } from './loraxs';
import { matmulCpu, type MatmulOptions } from './matmul';

export interface CpuKernelSet {
  /** 'typescript' (the twins) or 'wasm-simd'. */
  readonly name: string;
  matmul(a: Float32Array, b: Float32Array, M: number, K: number, N: number, opts?: MatmulOptions): Float32Array;
  linearBackwardParams(
    dy: Float32Array,
    x: Float32Array,
    N: number,
    inF: number,
    outF: number,
    dW: Float32Array,
    db: Float32Array | null,
    accumulate: boolean,
  ): void;
  loraXsForward: typeof loraXsForwardCpu;
  loraXsBackward: typeof loraXsBackwardCpu;
  loraForward: typeof loraForwardCpu;
  loraBackward: typeof loraBackwardCpu;
  groupedMatmul(
    x: Float32Array,
    w: Float32Array,
    d: GroupedMatmulDims,
    o?: { alpha?: number; base?: Float32Array | null; out?: Float32Array; accumulate?: boolean },
  ): Float32Array;
  layerNorm: typeof layerNormCpu;
  layerNormBackward: typeof layerNormBackwardCpu;
  gelu(x: Float32Array): Float32Array;
  geluBackward(dy: Float32Array, x: Float32Array): Float32Array;
  attention(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    mask: Float32Array,
    d: AttentionDims,
    dropout?: DropoutSpec,
  ): { ctx: Float32Array; probs: Float32Array; probsPreDropout: Float32Array };
  attentionBackward: typeof attentionBackwardCpu;
  dropout(x: Float32Array, spec: DropoutSpec): Float32Array;
  dropoutBackward(dy: Float32Array, spec: DropoutSpec): Float32Array;
  adamw(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, h: AdamWHyper): void;
  /** Releases what the set holds (kernel threads). */
  destroy?(): void;
  /** Takes back an output array its tensor no longer needs, for a later output of the same length. */
  recycle?(a: Float32Array): void;
}

export const TYPESCRIPT_KERNELS: CpuKernelSet = {
  name: 'typescript',
  matmul: matmulCpu,
  linearBackwardParams: linearBackwardParamsCpu,
  loraXsForward: loraXsForwardCpu,
  loraXsBackward: loraXsBackwardCpu,
  loraForward: loraForwardCpu,
  loraBackward: loraBackwardCpu,
  groupedMatmul: groupedMatmulCpu,
  layerNorm: layerNormCpu,
  layerNormBackward: layerNormBackwardCpu,
  gelu: geluCpu,
  geluBackward: geluBackwardCpu,
  attention: attentionCpu,
  attentionBackward: attentionBackwardCpu,
  dropout: dropoutCpu,
  dropoutBackward: dropoutBackwardCpu,
  adamw: adamwCpu,
};
