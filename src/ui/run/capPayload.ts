// Keeps the first n examples of every split (0 = all), for quick runs.
import type { DatasetPayload } from '../../train/protocol';

export function capPayload(p: DatasetPayload, n: number): DatasetPayload {
  if (!n) return p;
  return { ...p, train: p.train.slice(0, n), validation: p.validation.slice(0, n), test: p.test.slice(0, n), ood: p.ood.slice(0, n) };
}
