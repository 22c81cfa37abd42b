// The data set each run trained on, by content hash (RunInputs.datasetHash): held in memory for the
// runs queued in this page load, else read back from IndexedDB (runs of an earlier load). The
// try-a-sentence panel picks test examples from it, in the run's own test order.
import type { DatasetPayload } from '../../train/protocol';
import { activePersistence } from './run_persistence';

const held = new Map<string, DatasetPayload>();

export function keepRunPayload(hash: string, payload: DatasetPayload): void {
  held.set(hash, payload);
}

/** The payload stored under `hash`, or null when this browser no longer has it (or it is not a data set). */
export async function runPayload(hash: string): Promise<DatasetPayload | null> {
  const mine = held.get(hash);
  if (mine) return mine;
  const stored = (await activePersistence()
    ?.loadPayload(hash)
    .catch(() => undefined)) as DatasetPayload | undefined;
  if (!stored || !Array.isArray(stored.test) || !Array.isArray(stored.labelNames)) return null;
  held.set(hash, stored);
  return stored;
}
