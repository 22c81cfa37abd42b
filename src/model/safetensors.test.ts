import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSafetensors, serializeSafetensors, stripPrefix, validateShapes, type TensorMap } from './safetensors';

/** A hand-built file with one tensor of the given dtype and raw little-endian bytes. */
function fileWith(dtype: string, shape: number[], raw: number[], bytesPer: number): Uint8Array {
  const header = JSON.stringify({ __metadata__: { format: 'pt' }, x: { dtype, shape, data_offsets: [0, raw.length * bytesPer] } });
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + raw.length * bytesPer);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  raw.forEach((v, i) => (bytesPer === 2 ? dv.setUint16(8 + h.length + 2 * i, v, true) : dv.setFloat32(8 + h.length + 4 * i, v, true)));
  return out;
}

describe('safetensors', () => {
  it('round-trips F32 tensors with metadata and 8-byte aligned data', () => {
    const m: TensorMap = new Map([
      ['a.weight', { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, -6.5) }],
      ['b', { shape: [1], data: Float32Array.of(0.1) }],
    ]);
    const bytes = serializeSafetensors(m, { note: 'x' });
    const hlen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + hlen) % 8).toBe(0);
    const back = parseSafetensors(bytes);
    expect([...back.keys()]).toEqual(['a.weight', 'b']);
    expect(back.get('a.weight')!.shape).toEqual([2, 3]);
    expect([...back.get('a.weight')!.data]).toEqual([1, 2, 3, 4, 5, -6.5]);
    expect(back.get('b')!.data[0]).toBe(Math.fround(0.1));
  });
  it('decodes F16 (normal, subnormal, negative, infinity) and BF16 to f32', () => {
    // F16: 1.0 = 0x3c00, −2.5 = 0xc100, 2⁻²⁴ = 0x0001 (smallest subnormal), 65504 = 0x7bff, +∞ = 0x7c00.
    const f16 = parseSafetensors(fileWith('F16', [5], [0x3c00, 0xc100, 0x0001, 0x7bff, 0x7c00], 2)).get('x')!.data;
    expect([...f16]).toEqual([1, -2.5, 2 ** -24, 65504, Infinity]);
    // BF16 is the top half of an f32: 1.0 = 0x3f80, −3.0 = 0xc040, 0.15625 = 0x3e20.
    const bf16 = parseSafetensors(fileWith('BF16', [3], [0x3f80, 0xc040, 0x3e20], 2)).get('x')!.data;
    expect([...bf16]).toEqual([1, -3, 0.15625]);
  });
  it('reads the committed tiny-bert F16 checkpoint', () => {
    const m = parseSafetensors(new Uint8Array(readFileSync(new URL('./__fixtures__/tiny-bert/model.safetensors', import.meta.url))));
    const wq = m.get('encoder.layer.0.attention.self.query.weight')!;
    expect(wq.shape).toEqual([32, 32]);
    expect(wq.data.some((x) => x !== 0) && wq.data.every(Number.isFinite)).toBe(true);
  });
  it('refuses unsupported dtypes, bad ranges and bad headers, naming the file and tensor', () => {
    expect(() => parseSafetensors(fileWith('I64', [1], [0, 0, 0, 0], 2), 'm.st')).toThrow(
      'm.st: tensor "x" has dtype I64; only F32, F16 and BF16 are supported',
    );
    const bad = fileWith('F32', [3], [1, 2], 4);
    expect(() => parseSafetensors(bad, 'm.st')).toThrow(/m\.st: tensor "x" data range \[0, 8\) does not fit shape \[3\]/);
    expect(() => parseSafetensors(new Uint8Array(4), 'm.st')).toThrow(/m\.st: too short/);
  });
  it('strips a "bert." prefix and validates shapes with file, tensor, expected and found shape', () => {
    const m = stripPrefix(
      new Map([
        ['bert.pooler.dense.bias', { shape: [4], data: new Float32Array(4) }],
        ['classifier.bias', { shape: [2], data: new Float32Array(2) }],
      ]),
    );
    expect([...m.keys()]).toEqual(['pooler.dense.bias', 'classifier.bias']);
    expect(() => validateShapes(m, new Map([['pooler.dense.bias', [8]]]), 'ckpt.safetensors')).toThrow(
      'ckpt.safetensors: tensor "pooler.dense.bias" has shape [4], expected [8]',
    );
    expect(() => validateShapes(m, new Map([['pooler.dense.weight', [4, 4]]]), 'ckpt.safetensors')).toThrow(
      'ckpt.safetensors: tensor "pooler.dense.weight" is missing (expected shape [4, 4])',
    );
    expect(() => validateShapes(m, new Map([['classifier.bias', [2]]]))).not.toThrow();
  });
});
