// Map checkpoint tensor names onto BertModel names before parsing, so that every family's base
// model and head checkpoints load (families.ts): strip the family prefix (`bert.`, `distilbert.`,
// `roberta.`), rename DistilBERT's layers and TF-era LayerNorm gamma/beta, drop pretraining heads
// (`cls.*`, `lm_head.*`, `vocab_*`) and non-float buffers (e.g. I64 position_ids), and set aside
// the classification head (`classifier.*`, DistilBERT's `pre_classifier.*`).
import type { ModelFamilyId } from './families';

export type NameRole = 'encoder' | 'classifier' | 'ignored';

const PREFIX: Record<ModelFamilyId, string> = { bert: 'bert.', distilbert: 'distilbert.', roberta: 'roberta.', 'xlm-roberta': 'roberta.' };
const IGNORED: Record<ModelFamilyId, RegExp> = {
  bert: /^cls\./,
  distilbert: /^vocab_(transform|layer_norm|projector)\./,
  roberta: /^lm_head\./,
  'xlm-roberta': /^lm_head\./,
};
const HEAD = /^(classifier|pre_classifier)\./;

// DistilBERT layer names → BertLayer names (the math is the same post-LN layer).
const DISTILBERT_LAYER: [RegExp, string][] = [
  [/^transformer\.layer\.(\d+)\.attention\.q_lin\./, 'encoder.layer.$1.attention.self.query.'],
  [/^transformer\.layer\.(\d+)\.attention\.k_lin\./, 'encoder.layer.$1.attention.self.key.'],
  [/^transformer\.layer\.(\d+)\.attention\.v_lin\./, 'encoder.layer.$1.attention.self.value.'],
  [/^transformer\.layer\.(\d+)\.attention\.out_lin\./, 'encoder.layer.$1.attention.output.dense.'],
  [/^transformer\.layer\.(\d+)\.sa_layer_norm\./, 'encoder.layer.$1.attention.output.LayerNorm.'],
  [/^transformer\.layer\.(\d+)\.ffn\.lin1\./, 'encoder.layer.$1.intermediate.dense.'],
  [/^transformer\.layer\.(\d+)\.ffn\.lin2\./, 'encoder.layer.$1.output.dense.'],
  [/^transformer\.layer\.(\d+)\.output_layer_norm\./, 'encoder.layer.$1.output.LayerNorm.'],
];

export function canonicalName(name: string, family: ModelFamilyId = 'bert'): { name: string; role: NameRole } {
  const prefix = PREFIX[family];
  let n = name.startsWith(prefix) ? name.slice(prefix.length) : name;
  if (IGNORED[family].test(n) || n.endsWith('.position_ids') || n.endsWith('.token_type_ids')) return { name: n, role: 'ignored' };
  if (HEAD.test(n)) return { name: n, role: 'classifier' };
  if (family === 'distilbert') for (const [re, to] of DISTILBERT_LAYER) n = n.replace(re, to);
  n = n.replace(/LayerNorm\.gamma$/, 'LayerNorm.weight').replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
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
  /** classifier.* tensors found: canonical name → shape (the float ones are kept in the header). */
  classifier: Map<string, number[]>;
}

const FLOAT_DTYPES = new Set(['F32', 'F16', 'BF16']);

/**
 * Rewrite the safetensors header to hold only the encoder's and the classification head's float
 * tensors, under canonical names (readCheckpoint sets the head apart).
 * Usually IN PLACE: the shorter JSON is padded with spaces to the same length, so no tensor data
 * moves (the caller must own `bytes`, e.g. a fresh download). Only when renaming made the header
 * longer (TF-era gamma → weight without a bert. prefix) is the file copied.
 */
export function rewriteHeader(bytes: Uint8Array, family: ModelFamilyId = 'bert'): RewrittenHeader {
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
    const { name: canon, role } = canonicalName(name, family);
    res.roles.set(name, role);
    if (role === 'classifier') res.classifier.set(canon, [...e.shape]);
    // The head's tensors stay (canonical names never clash with the encoder's): `blora embed` uses them.
    if (role === 'ignored' || !FLOAT_DTYPES.has(e.dtype)) {
      if (role !== 'classifier') res.dropped.push(name);
      continue;
    }
    if (canon in out) throw new Error(`two tensors map to "${canon}" (e.g. with and without the ${PREFIX[family]} prefix)`);
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
