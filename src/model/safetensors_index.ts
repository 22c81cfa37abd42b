// model.safetensors.index.json, the index of a sharded checkpoint (what save_pretrained writes
// above max_shard_size): {"metadata": {...}, "weight_map": {tensor name: shard file name}}.
// Shard names are plain file names in the same folder; anything with a path is refused, so an
// index cannot make a source read outside the model's folder.

export class ShardIndexError extends Error {}

export interface ShardIndex {
  /** Shard file names in first-use order. */
  shards: string[];
  /** Tensor name (as in the checkpoint) → its shard. */
  weightMap: Map<string, string>;
}

const SHARD_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.safetensors$/;

export function parseShardIndex(bytes: Uint8Array, file = 'model.safetensors.index.json'): ShardIndex {
  let j: unknown;
  try {
    j = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ShardIndexError(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const map = (j as { weight_map?: unknown } | null)?.weight_map;
  if (!map || typeof map !== 'object' || Array.isArray(map)) throw new ShardIndexError(`${file} has no weight_map object`);
  const weightMap = new Map<string, string>();
  const shards: string[] = [];
  for (const [name, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || !SHARD_NAME.test(shard) || shard.includes('..')) {
      throw new ShardIndexError(`${file}: tensor ${name} maps to ${JSON.stringify(shard)}, not a .safetensors file name in the same folder`);
    }
    weightMap.set(name, shard);
    if (!shards.includes(shard)) shards.push(shard);
  }
  if (!shards.length) throw new ShardIndexError(`${file}: weight_map is empty`);
  return { shards, weightMap };
}
