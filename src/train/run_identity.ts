// What a checkpoint must match before a run resumes from it in a new page load: the run's settings
// (method and run options), its data set (the exact examples it trained on) and its model. Each is a
// content hash, synchronous so the page can name a queued run's data set at once: two 32-bit
// multiply-xorshift lanes (64 bits), enough to tell a damaged or different input from the same one
// (this is no defence against a crafted collision, and needs none).
import type { MethodConfig } from '../methods/config';
import type { ModelBundle } from '../methods/common/types';
import type { DatasetPayload } from '../data/payload';
import type { TrainOptions } from '../methods/run_types';

/** 16 hex digits of a 64-bit hash of `s` (UTF-16 code units). */
export function contentHash(s: string): string {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** JSON with object keys sorted and undefined fields left out, so equal settings give equal text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const settingsHash = (method: MethodConfig, options: TrainOptions): string => contentHash(canonicalJson({ method, options }));

export const datasetHash = (d: DatasetPayload): string => contentHash(canonicalJson(d));

const fingerprints = new WeakMap<ModelBundle, string>();

/**
 * The model's identity: id, configuration, every tensor's name and shape, and up to 256 values
 * spread over each tensor (hashing every weight of a large model would take seconds).
 */
export function modelFingerprint(m: ModelBundle): string {
  const known = fingerprints.get(m);
  if (known) return known;
  const parts: string[] = [m.id, m.family ?? 'bert', canonicalJson(m.config)];
  for (const [name, t] of m.weights) {
    const n = t.data.length;
    const stride = Math.max(1, Math.floor(n / 256));
    const bits = new Uint32Array(t.data.buffer, t.data.byteOffset, n);
    let sample = '';
    for (let i = 0; i < n; i += stride) sample += bits[i].toString(36);
    parts.push(`${name}[${t.shape.join('x')}]${sample}`);
  }
  const h = contentHash(parts.join('|'));
  fingerprints.set(m, h);
  return h;
}
