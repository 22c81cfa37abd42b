// Softmax cross-entropy (mean over rows) and AdamW.
import type { AdamWHyper } from '../backend';
import type { GpuTensor } from './gpu_tensor';
import { f, type KernelHost, u } from './kernel_host';
import { KERNELS } from './kernels';

export function softmaxCrossEntropy(h: KernelHost, logits: GpuTensor, labels: GpuTensor) {
  const N = logits.shape[0],
    C = logits.size / N;
  if (labels.size !== N) throw new Error(`softmaxCrossEntropy: ${labels.size} labels for ${N} rows`);
  const rowLoss = h.alloc([N], 'xent.rows');
  const dLogits = h.alloc(logits.shape, 'xent.dlogits');
  const loss = h.alloc([1], 'xent.loss');
  h.run(KERNELS.crossEntropy, 'rows', [u(N), u(C)], [logits.buffer, labels.buffer, rowLoss.buffer, dLogits.buffer], h.threads(N, 'xent'), 'xent.rows', h.wg());
  h.run(KERNELS.crossEntropy, 'mean', [u(N), u(C)], [h.dummy, h.dummy, rowLoss.buffer, loss.buffer], [1, 1, 1], 'xent.mean', h.wg());
  h.release(rowLoss);
  return { loss, dLogits };
}

/** PyTorch AdamW; the step's scalars are computed here in f64. */
export function adamw(h: KernelHost, param: GpuTensor, grad: GpuTensor, m: GpuTensor, v: GpuTensor, hp: AdamWHyper): void {
  if (grad.size !== param.size || m.size !== param.size || v.size !== param.size) throw new Error(`adamw '${param.label}': sizes differ`);
  const bc1 = 1 - hp.beta1 ** hp.step;
  const bc2 = 1 - hp.beta2 ** hp.step;
  h.run(
    KERNELS.adamw,
    'main',
    [u(param.size), f(1 - hp.lr * hp.weightDecay), f(1 - hp.beta1), f(hp.beta2), f(1 - hp.beta2), f(hp.lr / bc1), f(Math.sqrt(bc2)), f(hp.eps)],
    [grad.buffer, param.buffer, m.buffer, v.buffer],
    h.threads(param.size, 'adamw'),
    `adamw(${param.label})`,
    h.wg(),
  );
}
