// Keeps n examples of every split (0 = all), for quick runs. A seeded shuffle first, so a capped
// split still mixes the classes (files are often sorted by label).
import { seededShuffle } from '../../data/splits';
import type { DatasetPayload, ExampleRow } from '../../train/protocol';

export function capPayload(p: DatasetPayload, n: number, seed = 0): DatasetPayload {
  if (!n) return p;
  const cap = (xs: ExampleRow[]) => (xs.length <= n ? xs : seededShuffle(xs, seed).slice(0, n));
  return { ...p, train: cap(p.train), validation: cap(p.validation), test: cap(p.test), ood: cap(p.ood) };
}
