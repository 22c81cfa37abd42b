// A new method configuration with the reference hyper-parameters (METHOD.md §2–3), sized for a
// tiny model and a small data set.
import type { MethodConfig, MethodKind } from '../../state/types';

export function newMethod(kind: MethodKind, takenIds: readonly string[]): MethodConfig {
  let n = 1;
  while (takenIds.includes(`${kind}-${n}`)) n++;
  return {
    id: `${kind}-${n}`,
    kind,
    r: kind === 'lora' ? 4 : 2,
    alpha: 16,
    targets: kind === 'lora' || kind === 'swag-lora' ? ['query', 'value'] : ['query', 'value', 'attn-out', 'ffn-out'],
    layers: [],
    K: 5,
    c: 0.5,
    S: 8,
    M: 3,
    laplace: { structure: 'diag' },
    lrAdapter: 1e-3,
    lrHead: 5e-3,
    weightDecay: 0.01,
    epochs: 3,
    batch: 32,
    swagStart: 1,
    swagAnnealEpochs: 1,
    swagLr: 1e-3,
    collectEverySteps: 0,
    dropout: kind === 'mc-dropout' ? 0.1 : 0.1,
    seed: 1,
  };
}
