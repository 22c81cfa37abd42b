// The WGSL kernels of the WebGPU backend, each declared once (src/gpu/kernel_declaration.ts): entry points,
// the uniform struct and the storage bindings by name in WGSL order, libraries, workgroup size and
// override constants. The op modules (ops_*.ts) dispatch them by name; kernel_declarations.test.ts checks
// every declaration against its shader.
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
import groupedMatmul from '../../../shaders/grouped_matmul.wgsl?raw';
import layernorm from '../../../shaders/layernorm.wgsl?raw';
import layernormBackward from '../../../shaders/layernorm_backward.wgsl?raw';
import matmul from '../../../shaders/matmul.wgsl?raw';
import relu from '../../../shaders/relu.wgsl?raw';
import softmax from '../../../shaders/softmax.wgsl?raw';
import tanh from '../../../shaders/tanh.wgsl?raw';
import { type AnyKernel, defineKernel } from '../../gpu/kernel_declaration';
import type { WgslLibrary } from '../../gpu/wgsl_libraries';

/** Workgroup size (the `WG` override) of the one-thread-per-element and one-workgroup-per-row kernels. */
export const WG = 64;

/** The element-wise activations share one interface (x, dy → out; forward and backward), so one op serves both. */
function unaryKernel(name: string, code: string, libraries: readonly WgslLibrary[]) {
  return defineKernel({
    name,
    file: `${name}.wgsl`,
    code,
    libraries,
    entries: ['forward', 'backward'],
    uniforms: [['n', 'u32']],
    bindings: [
      ['x', 'read'],
      ['dy', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
  });
}

export type UnaryKernel = ReturnType<typeof unaryKernel>;

export const KERNELS = {
  /** 32×32 output tile per 8×8 workgroup; bias, GELU and rank-r epilogues as overrides. */
  matmul: defineKernel({
    name: 'matmul',
    file: 'matmul.wgsl',
    code: matmul,
    libraries: ['lib_gelu'],
    entries: ['main', 'main_vec4'],
    uniforms: [
      ['M', 'u32'],
      ['N', 'u32'],
      ['K', 'u32'],
      ['R', 'u32'],
      ['alpha', 'f32'],
      ['s', 'f32'],
    ],
    bindings: [
      ['a', 'read'],
      ['b', 'read'],
      ['bias', 'read'],
      ['lr_t', 'read'],
      ['lr_l', 'read'],
      ['c', 'storage'],
      ['act', 'storage'],
    ],
    workgroupSize: null,
    overrides: ['TRANS_A', 'TRANS_B', 'HAS_BIAS', 'ACCUMULATE', 'LOWRANK', 'LR_TRANS', 'GELU_OUT'],
  }),
  groupedMatmul: defineKernel({
    name: 'grouped_matmul',
    file: 'grouped_matmul.wgsl',
    code: groupedMatmul,
    libraries: ['lib_grid'],
    entries: ['main'],
    uniforms: [
      ['rows', 'u32'],
      ['n', 'u32'],
      ['J', 'u32'],
      ['K', 'u32'],
      ['x_rows', 'u32'],
      ['base_rows', 'u32'],
      ['w_stride', 'u32'],
      ['alpha', 'f32'],
    ],
    bindings: [
      ['x', 'read'],
      ['w', 'read'],
      ['base', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
    overrides: ['HAS_BASE', 'ACCUMULATE'],
  }),
  elementwise: defineKernel({
    name: 'elementwise',
    file: 'elementwise.wgsl',
    code: elementwise,
    libraries: ['lib_grid'],
    entries: ['add', 'scale', 'add_in_place'],
    uniforms: [
      ['n', 'u32'],
      ['alpha', 'f32'],
    ],
    bindings: [
      ['a', 'read'],
      ['b', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
  }),
  gelu: unaryKernel('gelu', gelu, ['lib_grid', 'lib_gelu']),
  tanh: unaryKernel('tanh', tanh, ['lib_grid']),
  relu: unaryKernel('relu', relu, ['lib_grid']),
  dropout: defineKernel({
    name: 'dropout',
    file: 'dropout.wgsl',
    code: dropout,
    libraries: ['lib_grid', 'philox'],
    entries: ['main'],
    uniforms: [
      ['n', 'u32'],
      ['seed', 'u32'],
      ['stream', 'u32'],
      ['keep_from', 'u32'],
      ['scale', 'f32'],
    ],
    bindings: [
      ['x', 'read'],
      ['unused', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
  }),
  layernorm: defineKernel({
    name: 'layernorm',
    file: 'layernorm.wgsl',
    code: layernorm,
    libraries: ['lib_reduce'],
    entries: ['main'],
    uniforms: [
      ['rows', 'u32'],
      ['D', 'u32'],
      ['eps', 'f32'],
    ],
    bindings: [
      ['x', 'read'],
      ['b', 'read'],
      ['gamma', 'read'],
      ['beta', 'read'],
      ['sum', 'storage'],
      ['y', 'storage'],
      ['mean_out', 'storage'],
      ['rstd_out', 'storage'],
    ],
    workgroupSize: WG,
    overrides: ['RESIDUAL'],
  }),
  layernormBackward: defineKernel({
    name: 'layernorm_backward',
    file: 'layernorm_backward.wgsl',
    code: layernormBackward,
    libraries: ['lib_reduce'],
    entries: ['dx_main', 'dparams_main'],
    uniforms: [
      ['rows', 'u32'],
      ['D', 'u32'],
    ],
    bindings: [
      ['dy', 'read'],
      ['x', 'read'],
      ['mean', 'read'],
      ['rstd', 'read'],
      ['gamma', 'read'],
      ['dx', 'storage'],
      ['dgamma', 'storage'],
      ['dbeta', 'storage'],
    ],
    workgroupSize: WG,
  }),
  embeddings: defineKernel({
    name: 'embeddings',
    file: 'embeddings.wgsl',
    code: embeddings,
    libraries: ['lib_grid'],
    entries: ['main'],
    uniforms: [
      ['N', 'u32'],
      ['D', 'u32'],
      ['seqLen', 'u32'],
      ['vocab', 'u32'],
      ['maxPos', 'u32'],
      ['types', 'u32'],
    ],
    bindings: [
      ['ids', 'read'],
      ['type_ids', 'read'],
      ['word', 'read'],
      ['pos', 'read'],
      ['typ', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
  }),
  embeddingsBackward: defineKernel({
    name: 'embeddings_backward',
    file: 'embeddings_backward.wgsl',
    code: embeddingsBackward,
    libraries: ['lib_grid'],
    entries: ['chain', 'scatter', 'scatter_pos'],
    uniforms: [
      ['N', 'u32'],
      ['D', 'u32'],
      ['seqLen', 'u32'],
      ['rowsInTable', 'u32'],
    ],
    bindings: [
      ['idx', 'read'],
      ['src', 'read'],
      ['links', 'storage'],
      ['table', 'storage'],
    ],
    workgroupSize: WG,
  }),
  attention: defineKernel({
    name: 'attention',
    file: 'attention.wgsl',
    code: attention,
    libraries: ['lib_grid'],
    entries: ['scores', 'context', 'dv', 'dprobs', 'dscores', 'dq', 'dk'],
    uniforms: [
      ['B', 'u32'],
      ['L', 'u32'],
      ['H', 'u32'],
      ['Dh', 'u32'],
      ['scale', 'f32'],
    ],
    bindings: [
      ['in0', 'read'],
      ['in1', 'read'],
      ['in2', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
  }),
  softmax: defineKernel({
    name: 'softmax',
    file: 'softmax.wgsl',
    code: softmax,
    libraries: ['lib_reduce'],
    entries: ['main'],
    uniforms: [
      ['rows', 'u32'],
      ['cols', 'u32'],
    ],
    bindings: [
      ['x', 'read'],
      ['y', 'storage'],
    ],
    workgroupSize: WG,
  }),
  crossEntropy: defineKernel({
    name: 'cross_entropy',
    file: 'cross_entropy.wgsl',
    code: crossEntropy,
    libraries: ['lib_grid', 'lib_reduce'],
    entries: ['rows', 'mean'],
    uniforms: [
      ['N', 'u32'],
      ['C', 'u32'],
    ],
    bindings: [
      ['logits', 'read'],
      ['labels', 'read'],
      ['row_loss', 'storage'],
      ['dlogits', 'storage'],
    ],
    workgroupSize: WG,
  }),
  cls: defineKernel({
    name: 'cls',
    file: 'cls.wgsl',
    code: cls,
    libraries: ['lib_grid'],
    entries: ['gather', 'scatter'],
    uniforms: [
      ['B', 'u32'],
      ['L', 'u32'],
      ['D', 'u32'],
    ],
    bindings: [
      ['src', 'read'],
      ['dst', 'storage'],
    ],
    workgroupSize: WG,
  }),
  colsum: defineKernel({
    name: 'colsum',
    file: 'colsum.wgsl',
    code: colsum,
    libraries: ['lib_grid'],
    entries: ['main'],
    uniforms: [
      ['rows', 'u32'],
      ['cols', 'u32'],
    ],
    bindings: [
      ['x', 'read'],
      ['out', 'storage'],
    ],
    workgroupSize: WG,
    overrides: ['ACCUMULATE'],
  }),
  adamw: defineKernel({
    name: 'adamw',
    file: 'adamw.wgsl',
    code: adamw,
    libraries: ['lib_grid'],
    entries: ['main'],
    uniforms: [
      ['n', 'u32'],
      ['decay', 'f32'],
      ['one_minus_b1', 'f32'],
      ['b2', 'f32'],
      ['one_minus_b2', 'f32'],
      ['step_size', 'f32'],
      ['bc2_sqrt', 'f32'],
      ['eps', 'f32'],
    ],
    bindings: [
      ['grad', 'read'],
      ['param', 'storage'],
      ['m', 'storage'],
      ['v', 'storage'],
    ],
    workgroupSize: WG,
  }),
} satisfies Record<string, AnyKernel>;
