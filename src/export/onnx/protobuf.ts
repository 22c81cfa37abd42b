// Protocol-buffers wire encoding, just what an ONNX file needs: varints (int64 as two's
// complement, so negative attribute values such as axis = -1 round-trip), fixed32 floats,
// strings, bytes and nested messages. A message is a list of chunks and is concatenated once
// at the end, so large weight blobs are copied a single time.

export class ProtoMessage {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  get byteLength(): number {
    return this.size;
  }

  private push(b: Uint8Array): void {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.size += b.length;
  }

  private tag(field: number, wireType: 0 | 2 | 5): void {
    this.push(varint(field * 8 + wireType));
  }

  /** int32 / int64 / enum / bool field (wire type 0). */
  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.push(varint(value));
    return this;
  }

  /** float field (wire type 5, little-endian IEEE 754 single). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.push(varint(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, m: ProtoMessage): this {
    this.tag(field, 2);
    this.push(varint(m.size));
    for (const c of m.chunks) this.push(c);
    return this;
  }

  /** Repeated int64 written packed (proto3's default for scalar repeated fields). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const body = new ProtoMessage();
    for (const v of values) body.push(varint(v));
    this.tag(field, 2);
    this.push(varint(body.size));
    for (const c of body.chunks) this.push(c);
    return this;
  }

  /** Repeated float written packed. */
  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(4 * values.length);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

/** Base-128 varint; negative values as 64-bit two's complement (10 bytes), as protobuf does. */
export function varint(value: number | bigint): Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`protobuf varint: ${value} is not a safe integer`);
    if (value >= 0 && value < 2 ** 31) {
      const out: number[] = [];
      let v = value;
      while (v >= 0x80) {
        out.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out.push(v);
      return Uint8Array.from(out);
    }
  }
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}
