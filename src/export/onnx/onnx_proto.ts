// ONNX protobuf messages (onnx/onnx.proto, IR version 8) and their encoding: ModelProto,
// GraphProto, NodeProto, AttributeProto, TensorProto (initializers as little-endian raw_data)
// and ValueInfoProto with static or named (dynamic) dimensions. Field numbers are onnx.proto's.
import { ProtoMessage } from './protobuf';

export type ElemType = 'float32' | 'int64';
const ELEM_TYPE: Record<ElemType, number> = { float32: 1, int64: 7 };

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  data: Float32Array | BigInt64Array;
}

export type AttributeValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: OnnxTensor };

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxValueInfo {
  name: string;
  elemType: ElemType;
  /** A number is a fixed size; a string names a dynamic dimension (e.g. "batch"). */
  shape: readonly (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  graph: OnnxGraph;
  /** Default-domain opset version. */
  opset: number;
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, ints: 7 } as const;
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function elemTypeOf(t: OnnxTensor): ElemType {
  return t.data instanceof Float32Array ? 'float32' : 'int64';
}

/** The tensor's values as little-endian bytes (a view, not a copy, on little-endian hosts). */
function rawLittleEndian(data: Float32Array | BigInt64Array): Uint8Array {
  if (littleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const dv = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  else data.forEach((v, i) => dv.setBigInt64(8 * i, v, true));
  return out;
}

export function encodeTensor(t: OnnxTensor): ProtoMessage {
  const n = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) throw new Error(`ONNX tensor ${t.name}: ${t.data.length} values for dims [${t.dims.join(', ')}] (${n})`);
  const m = new ProtoMessage();
  if (t.dims.length) m.packedInts(1, t.dims);
  m.int(2, ELEM_TYPE[elemTypeOf(t)]);
  m.string(8, t.name);
  m.bytes(9, rawLittleEndian(t.data));
  return m;
}

function encodeAttribute(name: string, a: AttributeValue): ProtoMessage {
  const m = new ProtoMessage().string(1, name);
  switch (a.type) {
    case 'float':
      m.float(2, a.value);
      break;
    case 'int':
      m.int(3, a.value);
      break;
    case 'string':
      m.string(4, a.value);
      break;
    case 'tensor':
      m.message(5, encodeTensor(a.value));
      break;
    case 'ints':
      m.packedInts(8, a.value);
      break;
  }
  return m.int(20, ATTR_TYPE[a.type]);
}

export function encodeNode(n: OnnxNode): ProtoMessage {
  const m = new ProtoMessage();
  for (const i of n.inputs) m.string(1, i);
  for (const o of n.outputs) m.string(2, o);
  if (n.name) m.string(3, n.name);
  m.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) m.message(5, encodeAttribute(k, v));
  return m;
}

export function encodeValueInfo(v: OnnxValueInfo): ProtoMessage {
  const shape = new ProtoMessage();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new ProtoMessage().int(1, d) : new ProtoMessage().string(2, d));
  const tensorType = new ProtoMessage().int(1, ELEM_TYPE[v.elemType]).message(2, shape);
  return new ProtoMessage().string(1, v.name).message(2, new ProtoMessage().message(1, tensorType));
}

export function encodeGraph(g: OnnxGraph): ProtoMessage {
  const m = new ProtoMessage();
  for (const n of g.nodes) m.message(1, encodeNode(n));
  m.string(2, g.name);
  for (const t of g.initializers) m.message(5, encodeTensor(t));
  if (g.docString) m.string(10, g.docString);
  for (const v of g.inputs) m.message(11, encodeValueInfo(v));
  for (const v of g.outputs) m.message(12, encodeValueInfo(v));
  return m;
}

/** The bytes of a .onnx file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const m = new ProtoMessage().int(1, model.irVersion ?? 8);
  if (model.producerName) m.string(2, model.producerName);
  if (model.producerVersion) m.string(3, model.producerVersion);
  if (model.docString) m.string(6, model.docString);
  m.message(7, encodeGraph(model.graph));
  m.message(8, new ProtoMessage().string(1, '').int(2, model.opset));
  for (const [k, v] of Object.entries(model.metadata ?? {})) m.message(14, new ProtoMessage().string(1, k).string(2, v));
  return m.finish();
}
