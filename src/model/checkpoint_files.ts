// The weight files a model folder may hold, in the order the loader prefers them, and reading the
// chosen one into BertModel tensors (canonical names, F32) with the same name rules for every
// format (checkpoint_names.ts): model.safetensors, a sharded model.safetensors.index.json, or
// pytorch_model.bin (torch.save, read by torch_bin.ts without running its pickle).

import { canonicalName, rewriteHeader } from './checkpoint_names';
import type { ModelFamilyId } from './families';
import { ModelError } from './errors';
import { parseSafetensors, type TensorMap } from './safetensors';
import { parseShardIndex } from './safetensors_index';
import type { ModelSource } from './sources';
import { FLOAT_TORCH_DTYPES, readTorchBin } from './torch_bin';
import { nonFiniteMessage, scanNonFinite } from './finite_weights';

export const WEIGHT_FILES = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin'] as const;
export type WeightFile = (typeof WEIGHT_FILES)[number];

export interface CheckpointWeights {
  /** The file the weights came from (for shards, the index). */
  file: WeightFile;
  weights: TensorMap;
  /** classifier.* tensors found: canonical name → shape. */
  classifier: Map<string, number[]>;
  /** The float ones of them, canonical name → F32 tensor (checkpoint_head.ts makes a head of them). */
  head: TensorMap;
  /** Tensors not used (cls.* heads, position_ids and other non-float buffers). */
  dropped: string[];
}

/** What the loader lends: reads that count bytes against its limit, and sizes. */
export interface CheckpointIo {
  read(name: string): Promise<Uint8Array>;
  size(name: string): Promise<number | null | undefined>;
  /** Throws too_large when `bytes` more than what is already planned would pass the limit. */
  reserve(bytes: number): void;
  maxBytes: number;
  /** Whose tensor names the checkpoint uses (default bert). */
  family?: ModelFamilyId;
}

/** The preferred weight file present, or a missing_file error listing what was looked for. */
export function chooseWeightFile(source: ModelSource, present: (name: string) => boolean): WeightFile {
  const file = WEIGHT_FILES.find(present);
  if (file) return file;
  throw new ModelError({
    code: 'missing_file',
    file: WEIGHT_FILES[0],
    message: `${source.id}: no weights file found (looked for ${WEIGHT_FILES.join(', ')})`,
  });
}

export async function readCheckpoint(source: ModelSource, file: WeightFile, io: CheckpointIo): Promise<CheckpointWeights> {
  const family = io.family ?? 'bert';
  if (file === 'model.safetensors') return fromSafetensors(source, file, await io.read(file), family);
  if (file === 'pytorch_model.bin') return fromTorchBin(source, await io.read(file), io.maxBytes, family);
  return fromShards(source, io);
}

function badWeights(source: ModelSource, file: string, e: unknown): ModelError {
  const msg = (e as Error).message;
  return new ModelError({ code: 'bad_weights', file, message: `${source.id}: ${msg.startsWith(file) ? msg : `${file}: ${msg}`}`, cause: e });
}

function fromSafetensors(source: ModelSource, file: string, bytes: Uint8Array, family: ModelFamilyId) {
  try {
    const header = rewriteHeader(bytes, family);
    const weights = parseSafetensors(header.bytes, file);
    // The file's own names (rewriteHeader renamed them to BertModel's), for the message.
    const inFile = new Map([...header.roles.keys()].map((n) => [canonicalName(n, family).name, n]));
    for (const [canon, t] of weights) refuseNonFinite(source, file, inFile.get(canon) ?? canon, t);
    const head: TensorMap = new Map();
    for (const name of header.classifier.keys()) {
      const t = weights.get(name);
      if (t) head.set(name, t);
      weights.delete(name);
    }
    return { header, weights, head, file: 'model.safetensors' as const, classifier: header.classifier, dropped: header.dropped };
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw badWeights(source, file, e);
  }
}

/** A weight that is NaN or infinite would only show as a NaN loss at the first step: refuse it at
 *  load, naming the tensor (one pass over the F32 values, no copy). */
function refuseNonFinite(source: ModelSource, file: string, name: string, t: { shape: number[]; data: Float32Array }): void {
  const bad = scanNonFinite(t.data);
  if (!bad) return;
  throw new ModelError({
    code: 'bad_weights',
    file,
    tensor: name,
    found: String(bad.value),
    message: `${source.id}: ${file}: ${nonFiniteMessage(name, t.shape, bad)}`,
  });
}

function fromTorchBin(source: ModelSource, bytes: Uint8Array, maxBytes: number, family: ModelFamilyId): CheckpointWeights {
  const file = 'pytorch_model.bin';
  const out: CheckpointWeights = { file, weights: new Map(), classifier: new Map(), head: new Map(), dropped: [] };
  try {
    for (const [name, t] of readTorchBin(bytes, file, { maxUnpackedBytes: maxBytes })) {
      const { name: canon, role } = canonicalName(name, family);
      if (role === 'classifier') out.classifier.set(canon, t.shape);
      if (role === 'classifier' && FLOAT_TORCH_DTYPES.has(t.dtype)) {
        const head = { shape: t.shape, data: t.toFloat32() };
        refuseNonFinite(source, file, name, head);
        out.head.set(canon, head);
      }
      if (role !== 'encoder' || !FLOAT_TORCH_DTYPES.has(t.dtype)) {
        if (role !== 'classifier') out.dropped.push(name);
        continue;
      }
      if (out.weights.has(canon)) throw new Error(`two tensors map to "${canon}" (e.g. with and without the bert. prefix)`);
      const tensor = { shape: t.shape, data: t.toFloat32() };
      refuseNonFinite(source, file, name, tensor);
      out.weights.set(canon, tensor);
    }
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw badWeights(source, file, e);
  }
  return out;
}

async function fromShards(source: ModelSource, io: CheckpointIo): Promise<CheckpointWeights> {
  const file = 'model.safetensors.index.json';
  let index: ReturnType<typeof parseShardIndex>;
  try {
    index = parseShardIndex(await io.read(file), file);
  } catch (e) {
    if (e instanceof ModelError) throw e;
    throw badWeights(source, file, e);
  }
  // Every shard's size before any is downloaded, as for single files.
  const sizes = await Promise.all(index.shards.map((s) => io.size(s)));
  const absent = index.shards.find((_, i) => sizes[i] === null);
  if (absent) throw new ModelError({ code: 'missing_file', file: absent, message: `${source.id}: ${absent} is missing (listed in ${file})` });
  io.reserve(sizes.reduce<number>((a, b) => a + (b ?? 0), 0));

  const out: CheckpointWeights = { file, weights: new Map(), classifier: new Map(), head: new Map(), dropped: [] };
  for (const shard of index.shards) {
    const part = fromSafetensors(source, shard, await io.read(shard), io.family ?? 'bert');
    for (const [name, s] of index.weightMap) {
      if (s === shard && !part.header.roles.has(name)) {
        throw new ModelError({ code: 'bad_weights', file: shard, tensor: name, message: `${source.id}: ${file} puts ${name} in ${shard}, which lacks it` });
      }
    }
    for (const [name, t] of part.weights) {
      if (out.weights.has(name)) throw new ModelError({ code: 'bad_weights', file: shard, tensor: name, message: `${source.id}: ${name} is in two shards` });
      out.weights.set(name, t);
    }
    for (const [name, shape] of part.classifier) out.classifier.set(name, shape);
    for (const [name, t] of part.head) out.head.set(name, t);
    out.dropped.push(...part.dropped);
  }
  return out;
}
