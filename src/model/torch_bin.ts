// pytorch_model.bin: what torch.save writes for a state dict, read without running its pickle.
// Two containers: the zip of torch >= 1.6 (<prefix>/data.pkl + one <prefix>/data/<key> per storage)
// and the older "legacy" stream (magic, version, sys_info and the state dict as four pickles, then
// the storage keys and each storage's raw bytes). The pre-0.4 tar format is refused.
// Float tensors (F32, F16, BF16, F64) are read as F32 following their offset and strides.

import { unzipSync } from 'fflate';
import { f16ToF32 } from './safetensors';
import { PickleError, PickleGlobal, type TensorRecord, unpickle } from './torch_pickle';

export class TorchBinError extends Error {}

export type TorchDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const STORAGE_DTYPE: Record<string, [TorchDtype, number]> = {
  FloatStorage: ['F32', 4],
  HalfStorage: ['F16', 2],
  BFloat16Storage: ['BF16', 2],
  DoubleStorage: ['F64', 8],
  LongStorage: ['I64', 8],
  IntStorage: ['I32', 4],
  ShortStorage: ['I16', 2],
  CharStorage: ['I8', 1],
  ByteStorage: ['U8', 1],
  BoolStorage: ['BOOL', 1],
};
export const FLOAT_TORCH_DTYPES: ReadonlySet<TorchDtype> = new Set(['F32', 'F16', 'BF16', 'F64']);

interface Storage {
  key: string;
  dtype: TorchDtype;
  width: number;
  numel: number;
  bytes?: Uint8Array;
}

export interface TorchTensor {
  dtype: TorchDtype;
  shape: number[];
  /** The values as F32 (float dtypes only; throws for integer tensors, which BERT never needs). */
  toFloat32(): Float32Array;
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/**
 * Parse a torch.save'd state dict. `maxUnpackedBytes` bounds what a compressed zip may expand to
 * (default: the file's size, enough for torch's uncompressed zips).
 */
export function readTorchBin(bytes: Uint8Array, file = 'pytorch_model.bin', opts: { maxUnpackedBytes?: number } = {}): Map<string, TorchTensor> {
  try {
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return fromZip(bytes, opts.maxUnpackedBytes ?? bytes.length);
    if (bytes.length > 262 && new TextDecoder().decode(bytes.subarray(257, 262)) === 'ustar') {
      throw new TorchBinError(
        'is in the tar checkpoint format of PyTorch before 0.4, which is not supported: load it in PyTorch and save it again, or convert it to safetensors',
      );
    }
    if (bytes[0] === 0x80 && bytes[1] <= 5 && bytes[2] === 0x8a) return fromLegacy(bytes);
    throw new TorchBinError('is neither a zip checkpoint (torch.save since PyTorch 1.6) nor a legacy PyTorch pickle');
  } catch (e) {
    if (e instanceof TorchBinError || e instanceof PickleError) throw new TorchBinError(`${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

function storageRef(pid: unknown, legacy: boolean): Storage {
  const t = Array.isArray(pid) ? pid : [];
  const [tag, type, key, , numel, view] = t;
  if (tag !== 'storage' || !(type instanceof PickleGlobal) || typeof key !== 'string' || typeof numel !== 'number' || t.length !== (legacy ? 6 : 5)) {
    throw new TorchBinError(
      `has a persistent reference that is not a torch storage: ${JSON.stringify(t.map((v) => (v instanceof PickleGlobal ? v.qualified : v)))}`,
    );
  }
  if (legacy && view !== null) throw new TorchBinError(`storage ${key} is a storage view (PyTorch < 0.4), which is not supported`);
  const dt = STORAGE_DTYPE[type.name];
  if (type.module !== 'torch' || !dt) throw new TorchBinError(`storage ${key} has type ${type.qualified}, not a torch storage type`);
  if (!/^[\w.-]+$/.test(key)) throw new TorchBinError(`storage key ${JSON.stringify(key)} is not a plain name`);
  return { key, dtype: dt[0], width: dt[1], numel };
}

/** Unpickle the state dict, sharing one Storage object per key. */
function readStateDict(bytes: Uint8Array, start: number, legacy: boolean) {
  const storages = new Map<string, Storage>();
  const { value, end } = unpickle(
    bytes,
    (pid) => {
      const s = storageRef(pid, legacy);
      const prev = storages.get(s.key);
      if (prev && (prev.dtype !== s.dtype || prev.numel !== s.numel)) throw new TorchBinError(`storage ${s.key} is referenced with two types or sizes`);
      if (!prev) storages.set(s.key, s);
      return prev ?? s;
    },
    start,
  );
  if (!(value instanceof Map)) throw new TorchBinError('does not hold a dict of tensors (save model.state_dict())');
  const records = new Map<string, TensorRecord>();
  for (const [k, v] of value) {
    const rec = v as TensorRecord | null;
    if (typeof k !== 'string' || rec?.kind !== 'tensor') {
      throw new TorchBinError(`entry ${JSON.stringify(String(k))} is not a tensor; a state dict (torch.save(model.state_dict())) is expected`);
    }
    records.set(k, rec);
  }
  return { records, storages, end };
}

function fromZip(bytes: Uint8Array, maxUnpacked: number): Map<string, TorchTensor> {
  let unpacked = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        unpacked += f.originalSize;
        if (unpacked > maxUnpacked) throw new TorchBinError(`unpacks to more than ${maxUnpacked} bytes`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof TorchBinError) throw e;
    throw new TorchBinError(`is not a readable zip (${(e as Error).message})`);
  }
  const pkl = Object.keys(files).filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkl.length !== 1) throw new TorchBinError(`has ${pkl.length} <archive>/data.pkl records; exactly one is expected`);
  const prefix = pkl[0].slice(0, -'data.pkl'.length);
  const order = files[`${prefix}byteorder`];
  if (order && new TextDecoder().decode(order).trim() !== 'little') throw new TorchBinError('was saved on a big-endian machine, which is not supported');
  const { records, storages } = readStateDict(files[pkl[0]], 0, false);
  for (const s of storages.values()) {
    const data = files[`${prefix}data/${s.key}`];
    if (!data) throw new TorchBinError(`lacks the record ${prefix}data/${s.key}`);
    s.bytes = data;
  }
  return tensors(records);
}

function fromLegacy(bytes: Uint8Array): Map<string, TorchTensor> {
  const none = () => {
    throw new TorchBinError('has a storage reference outside the state dict');
  };
  const magic = unpickle(bytes, none);
  if (magic.value !== LEGACY_MAGIC) throw new TorchBinError('starts like a pickle but not with the legacy torch.save magic number');
  const version = unpickle(bytes, none, magic.end);
  if (version.value !== 1001) throw new TorchBinError(`has legacy protocol version ${String(version.value)}; only 1001 is supported`);
  const sys = unpickle(bytes, none, version.end);
  if (!(sys.value instanceof Map) || sys.value.get('little_endian') !== true) throw new TorchBinError('was not saved little-endian, which is not supported');
  const { records, storages, end } = readStateDict(bytes, sys.end, true);
  const keys = unpickle(bytes, none, end);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) throw new TorchBinError('has no list of storage keys');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = keys.end;
  for (const key of keys.value as string[]) {
    const s = storages.get(key);
    if (!s) throw new TorchBinError(`lists storage ${key}, which no tensor uses`);
    if (p + 8 > bytes.length) throw new TorchBinError(`is truncated before storage ${key}`);
    const numel = Number(dv.getBigInt64(p, true));
    if (numel !== s.numel) throw new TorchBinError(`storage ${key} has ${numel} elements, its tensors expect ${s.numel}`);
    p += 8;
    if (p + numel * s.width > bytes.length) throw new TorchBinError(`is truncated in storage ${key}`);
    s.bytes = bytes.subarray(p, p + numel * s.width);
    p += numel * s.width;
  }
  return tensors(records);
}

function tensors(records: Map<string, TensorRecord>): Map<string, TorchTensor> {
  const out = new Map<string, TorchTensor>();
  for (const [name, r] of records) {
    const s = r.storage as Storage;
    if (!s?.bytes) throw new TorchBinError(`tensor ${name} has no storage data`);
    if (s.bytes.length !== s.numel * s.width) throw new TorchBinError(`storage ${s.key} has ${s.bytes.length} bytes, expected ${s.numel} × ${s.width}`);
    const numel = r.shape.reduce((a, b) => a * b, 1);
    const last = r.offset + r.shape.reduce((a, d, i) => a + (d - 1) * r.stride[i], 0);
    if (numel > 0 && last >= s.numel) throw new TorchBinError(`tensor ${name} reaches element ${last} of storage ${s.key}, which has ${s.numel}`);
    out.set(name, { dtype: s.dtype, shape: [...r.shape], toFloat32: () => materialize(name, r, s, numel) });
  }
  return out;
}

function materialize(name: string, r: TensorRecord, s: Storage, numel: number): Float32Array {
  const b = s.bytes!;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const get = elementReader(name, s.dtype, dv);
  const out = new Float32Array(numel);
  const { shape, stride, offset } = r;
  // Row-major strides (dims of size 1 may carry any stride): one straight run.
  let expect = 1;
  let contiguous = true;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expect) contiguous = false;
    expect *= shape[d];
  }
  if (contiguous) {
    for (let i = 0; i < numel; i++) out[i] = get(offset + i);
    return out;
  }
  const idx = new Array<number>(shape.length).fill(0);
  let src = offset;
  for (let i = 0; i < numel; i++) {
    out[i] = get(src);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        src += stride[d];
        break;
      }
      src -= (shape[d] - 1) * stride[d];
      idx[d] = 0;
    }
  }
  return out;
}

function elementReader(name: string, dtype: TorchDtype, dv: DataView): (i: number) => number {
  switch (dtype) {
    case 'F32':
      return (i) => dv.getFloat32(4 * i, true);
    case 'F64':
      return (i) => dv.getFloat64(8 * i, true);
    case 'F16':
      return (i) => f16ToF32(dv.getUint16(2 * i, true));
    case 'BF16': {
      const tmp = new DataView(new ArrayBuffer(4));
      return (i) => (tmp.setUint32(0, dv.getUint16(2 * i, true) << 16, true), tmp.getFloat32(0, true));
    }
    default:
      throw new TorchBinError(`tensor ${name} has dtype ${dtype}; only F32, F16, BF16 and F64 tensors are read`);
  }
}
