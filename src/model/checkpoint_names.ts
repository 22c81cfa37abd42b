// Map checkpoint tensor names onto BertModel names before parsing, so that BertModel,
// BertForPreTraining/MaskedLM and BertForSequenceClassification checkpoints all load:
// strip `bert.`, rename TF-era LayerNorm gamma/beta, drop `cls.*` pretraining heads and
// non-float buffers (e.g. I64 embeddings.position_ids), and set aside `classifier.*`.

export type NameRole = 'encoder' | 'classifier' | 'ignored';

export function canonicalName(name: string): { name: string; role: NameRole } {
  let n = name.startsWith('bert.') ? name.slice(5) : name;
  if (n.startsWith('cls.') || n.endsWith('.position_ids') || n === 'embeddings.position_ids') return { name: n, role: 'ignored' };
  n = n.replace(/LayerNorm\.gamma$/, 'LayerNorm.weight').replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
  if (n.startsWith('classifier.')) return { name: n, role: 'classifier' };
  return { name: n, role: 'encoder' };
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export interface RewrittenHeader {
  /** The file with the rewritten header (the input buffer itself unless the header grew). */
  bytes: Uint8Array;
  /** Original name → role, for every tensor in the file. */
  roles: Map<string, NameRole>;
  /** Tensors dropped (ignored role, or a non-float dtype). */
  dropped: string[];
  /** classifier.* tensors found: canonical name → shape. */
  classifier: Map<string, number[]>;
}

const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16']);

/**
 * Rewrite the safetensors header to hold only the encoder tensors, under canonical names.
 * Usually IN PLACE: the shorter JSON is padded with spaces to the same length, so no tensor data
 * moves (the caller must own `bytes`, e.g. a fresh download). Only when renaming made the header
 * longer (TF-era gamma → weight without a bert. prefix) is the file copied.
 */
export function rewriteHeader(bytes: Uint8Array): RewrittenHeader {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw new Error(`too short for a safetensors header (${bytes.length} bytes)`);
  const hlen = Number(dv.getBigUint64(0, true));
  if (8 + hlen > bytes.length) throw new Error(`header length ${hlen} exceeds the file size ${bytes.length}`);
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen)));
  } catch (e) {
    throw new Error(`header is not valid JSON (${(e as Error).message})`);
  }
  const out: Record<string, unknown> = {};
  const res: RewrittenHeader = { bytes, roles: new Map(), dropped: [], classifier: new Map() };
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = info as HeaderEntry;
    const { name: canon, role } = canonicalName(name);
    res.roles.set(name, role);
    if (role === 'classifier') res.classifier.set(canon, [...e.shape]);
    if (role !== 'encoder' || !FLOAT_DTYPES.has(e.dtype)) {
      if (role !== 'classifier') res.dropped.push(name);
      continue;
    }
    if (canon in out) throw new Error(`two tensors map to "${canon}" (e.g. with and without the bert. prefix)`);
    out[canon] = e;
  }
  const json = new TextEncoder().encode(JSON.stringify(out));
  if (json.length <= hlen) {
    bytes.fill(0x20, 8, 8 + hlen);
    bytes.set(json, 8);
    return res;
  }
  const newLen = json.length + ((8 - (json.length % 8)) % 8);
  const copy = new Uint8Array(8 + newLen + (bytes.length - 8 - hlen));
  new DataView(copy.buffer).setBigUint64(0, BigInt(newLen), true);
  copy.fill(0x20, 8, 8 + newLen);
  copy.set(json, 8);
  copy.set(bytes.subarray(8 + hlen), 8 + newLen);
  res.bytes = copy;
  return res;
}
