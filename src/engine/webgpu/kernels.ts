// The WGSL kernels this backend uses, with their bind group layouts (explicit, so unused bindings
// of an entry point can still be bound and pipelines of one shader share a layout).
import type { BindingKind, ShaderSource } from '../../gpu/pipelines';
import adamw from '../../../shaders/adamw.wgsl?raw';
import attention from '../../../shaders/attention.wgsl?raw';
import cls from '../../../shaders/cls.wgsl?raw';
import colsum from '../../../shaders/colsum.wgsl?raw';
import crossEntropy from '../../../shaders/cross_entropy.wgsl?raw';
import dropout from '../../../shaders/dropout.wgsl?raw';
import elementwise from '../../../shaders/elementwise.wgsl?raw';
import embeddings from '../../../shaders/embeddings.wgsl?raw';
import embeddingsBackward from '../../../shaders/embeddings_backward.wgsl?raw';
import gelu from '../../../shaders/gelu.wgsl?raw';
import libGelu from '../../../shaders/lib_gelu.wgsl?raw';
import groupedMatmul from '../../../shaders/grouped_matmul.wgsl?raw';
import layernorm from '../../../shaders/layernorm.wgsl?raw';
import layernormBackward from '../../../shaders/layernorm_backward.wgsl?raw';
import libGrid from '../../../shaders/lib_grid.wgsl?raw';
import libReduce from '../../../shaders/lib_reduce.wgsl?raw';
import matmul from '../../../shaders/matmul.wgsl?raw';
import philox from '../../../shaders/philox.wgsl?raw';
import softmax from '../../../shaders/softmax.wgsl?raw';
import tanh from '../../../shaders/tanh.wgsl?raw';

export interface Kernel {
  shader: ShaderSource;
  bindings: readonly BindingKind[];
}

const U = 'uniform' as const;
const R = 'read' as const;
const S = 'storage' as const;

/** WGSL libraries are concatenated in front of the kernels that call them. */
export function withLibraries(code: string, ...libs: string[]): string {
  return [...libs, code].join('\n');
}

function k(id: string, code: string, bindings: BindingKind[]): Kernel {
  return { shader: { id, code }, bindings };
}

export const KERNELS = {
  matmul: k('matmul', withLibraries(matmul, libGelu), [U, R, R, R, R, R, S, S]),
  groupedMatmul: k('grouped_matmul', groupedMatmul, [U, R, R, R, S]),
  elementwise: k('elementwise', withLibraries(elementwise, libGrid), [U, R, R, S]),
  gelu: k('gelu', withLibraries(gelu, libGrid, libGelu), [U, R, R, S]),
  tanh: k('tanh', withLibraries(tanh, libGrid), [U, R, R, S]),
  dropout: k('dropout', withLibraries(dropout, philox), [U, R, R, S]),
  layernorm: k('layernorm', withLibraries(layernorm, libReduce), [U, R, R, R, R, S, S, S, S]),
  layernormBackward: k('layernorm_backward', withLibraries(layernormBackward, libReduce), [U, R, R, R, R, R, S, S, S]),
  embeddings: k('embeddings', embeddings, [U, R, R, R, R, R, S]),
  embeddingsBackward: k('embeddings_backward', embeddingsBackward, [U, R, R, S, S]),
  attention: k('attention', withLibraries(attention, libGrid), [U, R, R, R, S]),
  softmax: k('softmax', softmax, [U, R, S]),
  crossEntropy: k('cross_entropy', crossEntropy, [U, R, R, S, S]),
  cls: k('cls', cls, [U, R, S]),
  colsum: k('colsum', colsum, [U, R, S]),
  adamw: k('adamw', adamw, [U, R, S, S, S]),
} satisfies Record<string, Kernel>;

export type KernelName = keyof typeof KERNELS;
