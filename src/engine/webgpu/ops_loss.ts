// Softmax cross-entropy (mean over rows) and AdamW.
import type { AdamWHyper } from '../backend';
import type { GpuTensor } from './gpu_tensor';
import type { KernelHost } from './kernel_host';
import { KERNELS } from './kernels';

export function softmaxCrossEntropy(h: KernelHost, logits: GpuTensor, labels: GpuTensor) {
  const N = logits.shape[0],
    C = logits.size / N;
  if (labels.size !== N) throw new Error(`softmaxCrossEntropy: ${labels.size} labels for ${N} rows`);
  const rowLoss = h.alloc([N], 'xent.rows');
  const dLogits = h.alloc(logits.shape, 'xent.dlogits');
  const loss = h.alloc([1], 'xent.loss');
  const xent = KERNELS.crossEntropy;
  h.run(xent, {
    entry: 'rows',
    uniforms: { N, C },
    bindings: { logits: logits.buffer, labels: labels.buffer, row_loss: rowLoss.buffer, dlogits: dLogits.buffer },
    threads: N,
    label: 'xent.rows',
  });
  // `mean` reads the row losses and writes the scalar loss through the dlogits binding.
  h.run(xent, { entry: 'mean', uniforms: { N, C }, bindings: { row_loss: rowLoss.buffer, dlogits: loss.buffer }, workgroups: [1, 1, 1], label: 'xent.mean' });
  h.release(rowLoss);
  return { loss, dLogits };
}

/** PyTorch AdamW; the step's scalars are computed here in f64. */
export function adamw(h: KernelHost, param: GpuTensor, grad: GpuTensor, m: GpuTensor, v: GpuTensor, hp: AdamWHyper): void {
  if (grad.size !== param.size || m.size !== param.size || v.size !== param.size) throw new Error(`adamw '${param.label}': sizes differ`);
  const bc1 = 1 - hp.beta1 ** hp.step;
  const bc2 = 1 - hp.beta2 ** hp.step;
  h.run(KERNELS.adamw, {
    entry: 'main',
    uniforms: {
      n: param.size,
      decay: 1 - hp.lr * hp.weightDecay,
      one_minus_b1: 1 - hp.beta1,
      b2: hp.beta2,
      one_minus_b2: 1 - hp.beta2,
      step_size: hp.lr / bc1,
      bc2_sqrt: Math.sqrt(bc2),
      eps: hp.eps,
    },
    bindings: { grad: grad.buffer, param: param.buffer, m: m.buffer, v: v.buffer },
    threads: param.size,
    label: `adamw(${param.label})`,
  });
}
