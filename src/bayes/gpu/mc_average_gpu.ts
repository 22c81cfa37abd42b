// Bayesian model average on the GPU (shaders/mc_average.wgsl); CPU twin: bayesAverage (../predictive).

import mcAverageWgsl from '../../../shaders/mc_average.wgsl?raw';
import { computePipeline, dispatch, grid64 } from './dispatch';

export interface McAverageBuffers {
  /** f32 [N, C]. */
  meanProbs: GPUBuffer;
  /** f32 [S, N]. */
  sampleEntropy: GPUBuffer;
  /** f32 [N, 3]: H(p), mean_s H(p_s), mutual information. */
  summary: GPUBuffer;
}

/** Average S per-sample outputs `input` f32 [S, N, C] (logits or probabilities) into `out`. */
export function mcAverageInto(device: GPUDevice, input: GPUBuffer, S: number, N: number, C: number, kind: 'logits' | 'probs', out: McAverageBuffers, encoder?: GPUCommandEncoder): void {
  if (N > device.limits.maxComputeWorkgroupsPerDimension * 64) throw new Error('mcAverageInto: N too large for one dispatch');
  const params = new Uint32Array([S, N, C, kind === 'logits' ? 1 : 0]);
  const pipeline = computePipeline(device, 'mc_average', mcAverageWgsl);
  dispatch(device, pipeline, params.buffer, [input, out.meanProbs, out.sampleEntropy, out.summary], [grid64(device, N)[0]], encoder);
}
