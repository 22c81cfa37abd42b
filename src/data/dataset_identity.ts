// Which data a run trained on, kept with the run from the moment it is queued (issue 22): its
// exports name the classes after this, never after the data set loaded when the export is made.
import { sha256Hex } from './hash';
import type { DatasetPayload } from './payload';

export interface DatasetIdentity {
  /** A built-in data set's id, or `local-<first 12 hex of the file's SHA-256>`. */
  id: string;
  name: string;
  /** Class names in label-index order: label k is labelNames[k]. */
  labelNames: string[];
  /** SHA-256 of the examples the run used (datasetContentHash); set once the run has them hashed. */
  sha256?: string;
}

/** The identity of a data set without its content hash (known at once, when a run is queued). */
export function datasetIdentity(ds: Pick<DatasetPayload, 'id' | 'name' | 'labelNames'>): DatasetIdentity {
  return { id: ds.id, name: ds.name, labelNames: [...ds.labelNames] };
}

/** SHA-256 over the class names and every split's examples (the run record's dataset.sha256). */
export function datasetContentHash(ds: DatasetPayload): Promise<string> {
  return sha256Hex(JSON.stringify([ds.labelNames, ds.train, ds.validation, ds.test, ds.ood]));
}

/** The identity with its content hash. */
export async function hashedDatasetIdentity(ds: DatasetPayload): Promise<DatasetIdentity> {
  return { ...datasetIdentity(ds), sha256: await datasetContentHash(ds) };
}

/**
 * A stored identity read back (a record from another version of the page, or damaged): the identity
 * when its id, name and class names are usable, else undefined (the run's classes are then unknown).
 */
export function readDatasetIdentity(v: unknown): DatasetIdentity | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.name !== 'string') return undefined;
  if (!Array.isArray(o.labelNames) || o.labelNames.length === 0 || !o.labelNames.every((n) => typeof n === 'string')) return undefined;
  return { id: o.id, name: o.name, labelNames: [...o.labelNames], ...(typeof o.sha256 === 'string' ? { sha256: o.sha256 } : {}) };
}
