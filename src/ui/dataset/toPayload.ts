// The data set as the training worker receives it (missing splits become empty lists).
import type { Dataset } from '../../data/types';
import type { DatasetPayload } from '../../train/protocol';

export function toPayload(d: Dataset): DatasetPayload {
  return {
    id: d.id,
    name: d.name,
    labelNames: d.labelNames,
    train: d.splits.train,
    validation: d.splits.validation ?? [],
    test: d.splits.test ?? [],
    ood: d.splits.ood ?? [],
  };
}
