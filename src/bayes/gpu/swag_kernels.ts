// The SWAG and Bayesian-model-average kernels, declared like the engine's (src/gpu/kernel_declaration.ts)
// and recorded through WebGpuBackend.runKernel. CPU twins: SwagState.collect / SwagState.sample
// (../swag) and bayesAverage (../predictive).
import collect from '../../../shaders/swag_collect.wgsl?raw';
import mcAverage from '../../../shaders/mc_average.wgsl?raw';
import sample from '../../../shaders/swag_sample.wgsl?raw';
import { defineKernel } from '../../gpu/kernel_declaration';

/** Threads per workgroup of the three kernels (their `override WG`). */
export const SWAG_WG = 64;

export const SWAG_KERNELS = {
  /** Running first and second moments of θ, and its deviation into the ring row. */
  collect: defineKernel({
    name: 'bayes.swag_collect',
    file: 'swag_collect.wgsl',
    code: collect,
    libraries: ['lib_grid'],
    entries: ['main'],
    uniforms: [
      ['P', 'u32'],
      ['n', 'u32'],
      ['write_row', 'u32'],
      ['has_deviations', 'u32'],
    ],
    bindings: [
      ['theta', 'read'],
      ['mean', 'storage'],
      ['sq_mean', 'storage'],
      ['deviations', 'storage'],
    ],
    workgroupSize: SWAG_WG,
  }),
  /** count draws θ̃ = μ + √c (σ ⊙ z₁ + Dᵀ z₂ / √divisor) with Philox normals. */
  sample: defineKernel({
    name: 'bayes.swag_sample',
    file: 'swag_sample.wgsl',
    code: sample,
    libraries: ['lib_grid', 'philox', 'philox_normal'],
    entries: ['main'],
    uniforms: [
      ['P', 'u32'],
      ['rows', 'u32'],
      ['seed', 'u32'],
      ['first_sample', 'u32'],
      ['sqrt_c', 'f32'],
      ['inv_sqrt_div', 'f32'],
      ['count', 'u32'],
    ],
    bindings: [
      ['mean', 'read'],
      ['sq_mean', 'read'],
      ['deviations', 'read'],
      ['samples', 'storage'],
    ],
    workgroupSize: SWAG_WG,
  }),
  /** Mean probabilities over S samples, per-sample entropies, and H, E[H], mutual information. */
  mcAverage: defineKernel({
    name: 'bayes.mc_average',
    file: 'mc_average.wgsl',
    code: mcAverage,
    entries: ['main'],
    uniforms: [
      ['S', 'u32'],
      ['N', 'u32'],
      ['C', 'u32'],
      ['input_is_logits', 'u32'],
    ],
    bindings: [
      ['inputs', 'read'],
      ['mean_probs', 'storage'],
      ['sample_entropy', 'storage'],
      ['summary', 'storage'],
    ],
    workgroupSize: SWAG_WG,
  }),
};
