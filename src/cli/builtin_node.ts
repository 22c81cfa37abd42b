// Built-in data sets for the CLI, read from the repository's public/datasets.
import { loadBuiltinDataset } from '../data/builtin';
import { nodeBuiltinSource } from '../data/builtin_node';
import { DataErrorException } from '../data/errors';
import { toDatasetPayload } from '../data/splits';
import type { DatasetPayload } from '../train/protocol';

export async function loadBuiltinNode(id: string): Promise<DatasetPayload> {
  const r = await loadBuiltinDataset(id, nodeBuiltinSource());
  if (!r.ok) throw new DataErrorException(r.error);
  return toDatasetPayload(r.value);
}
