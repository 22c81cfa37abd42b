// Which of a run's exported tensors make its single "mean" model, per method, and what the
// exported file stands for. SWAG methods export their adapters at the SWA mean already
// (swagPredictor.exportTensors), Laplace at its MAP (the mean of the approximation).
import { METHOD_CATALOG, type MethodConfig } from '../methods/config';
import type { TensorEntry } from './peft_lora';

export interface ExportableModel {
  tensors: TensorEntry[];
  /** Logits are divided by this in the graph (temperature scaling). */
  temperature?: number;
  /** What the file is, in words, for the user and the model's metadata. */
  description: string;
}

/** SWAG and Laplace statistics (swag.*, laplace.*): exported beside the weights, not weights. */
export function isPosteriorStatistic(name: string): boolean {
  return name.startsWith('swag.') || name.startsWith('laplace.');
}

export function meanModelTensors(method: Pick<MethodConfig, 'kind' | 'M'>, all: readonly TensorEntry[]): ExportableModel {
  const tensors = all.filter((t) => !isPosteriorStatistic(t.name));
  switch (method.kind) {
    case 'ensemble': {
      const prefix = 'member0.';
      const first = tensors.filter((t) => t.name.startsWith(prefix)).map((t) => ({ ...t, name: t.name.slice(prefix.length) }));
      if (first.length === 0) throw new Error('ONNX export: the ensemble run has no member0.* tensors');
      return {
        tensors: first,
        description: `member 1 of the ${method.M}-member deep ensemble (an ensemble has no single mean model; its predictive averages all members)`,
      };
    }
    case 'temperature': {
      const t = tensors.find((x) => x.name === 'temperature');
      if (!t || t.data.length !== 1) throw new Error('ONNX export: the temperature-scaling run has no "temperature" tensor');
      return {
        tensors,
        temperature: t.data[0],
        description: `LoRA-XS MAP model with its logits divided by the fitted temperature T = ${t.data[0].toPrecision(4)}`,
      };
    }
    default:
      // Every other method exports one model as it is: the catalog says which one.
      return { tensors, description: METHOD_CATALOG[method.kind].singleModel };
  }
}
