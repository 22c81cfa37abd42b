// safetensors (https://github.com/huggingface/safetensors) reader/writer for the BERT weights:
// 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, raw data.
// F32, F16 and BF16 are read into Float32Array; we always write F32.

export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}
export type TensorMap = Map<string, NamedTensor>;

export class SafetensorsError extends Error {}

export function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1,
    e = (h >> 10) & 0x1f,
    f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Parse a safetensors buffer. `file` names the source in error messages. */
export function parseSafetensors(bytes: Uint8Array, file = 'model.safetensors'): TensorMap {
  if (bytes.length < 8) throw new SafetensorsError(`${file}: too short for a safetensors header (${bytes.length} bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = Number(dv.getBigUint64(0, true));
  if (8 + hlen > bytes.length) throw new SafetensorsError(`${file}: header length ${hlen} exceeds the file size ${bytes.length}`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen)));
  } catch (e) {
    throw new SafetensorsError(`${file}: header is not valid JSON (${(e as Error).message})`);
  }
  const base = 8 + hlen;
  const out: TensorMap = new Map();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: [start, end],
    } = info;
    const n = shape.reduce((a, b) => a * b, 1);
    const width = dtype === 'F32' ? 4 : dtype === 'F16' || dtype === 'BF16' ? 2 : 0;
    if (!width) throw new SafetensorsError(`${file}: tensor "${name}" has dtype ${dtype}; only F32, F16 and BF16 are supported`);
    if (end - start !== n * width || base + end > bytes.length) {
      throw new SafetensorsError(`${file}: tensor "${name}" data range [${start}, ${end}) does not fit shape [${shape.join(', ')}] × ${dtype} or the file`);
    }
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const o = base + start + i * width;
      if (dtype === 'F32') data[i] = dv.getFloat32(o, true);
      else if (dtype === 'F16') data[i] = f16ToF32(dv.getUint16(o, true));
      else data[i] = bf16(dv.getUint16(o, true));
    }
    out.set(name, { shape: [...shape], data });
  }
  return out;
}

const bfBuf = new DataView(new ArrayBuffer(4));
function bf16(h: number): number {
  bfBuf.setUint32(0, h << 16, true);
  return bfBuf.getFloat32(0, true);
}

/** Serialize tensors as F32 safetensors (names in insertion order). */
export function serializeSafetensors(tensors: TensorMap, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) throw new SafetensorsError(`tensor "${name}": shape [${t.shape.join(', ')}] needs ${n} values, has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // keep the data 8-byte aligned
  const hbytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + hbytes.length + offset);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(hbytes.length), true);
  out.set(hbytes, 8);
  let o = 8 + hbytes.length;
  for (const t of tensors.values()) {
    for (let i = 0; i < t.data.length; i++, o += 4) dv.setFloat32(o, t.data[i], true);
  }
  return out;
}

/** Drop a leading `prefix` (default "bert.") from every name that has it. */
export function stripPrefix(tensors: TensorMap, prefix = 'bert.'): TensorMap {
  const out: TensorMap = new Map();
  for (const [name, t] of tensors) out.set(name.startsWith(prefix) ? name.slice(prefix.length) : name, t);
  return out;
}

/**
 * Check that every expected tensor is present with the expected shape. Extra tensors are allowed
 * (e.g. a pretraining head). Throws naming the file, the tensor, the expected and the found shape.
 */
export function validateShapes(tensors: TensorMap, expected: ReadonlyMap<string, readonly number[]>, file = 'model.safetensors'): void {
  for (const [name, shape] of expected) {
    const t = tensors.get(name);
    if (!t) throw new SafetensorsError(`${file}: tensor "${name}" is missing (expected shape [${shape.join(', ')}])`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new SafetensorsError(`${file}: tensor "${name}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
  }
}
