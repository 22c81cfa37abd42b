// A small helper for writing an ONNX graph in code: each op call adds one node and returns the
// name of its output; weights and constants become initializers. Names are unique by construction.
import type { AttributeValue, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx_proto';

export type Attrs = Record<string, AttributeValue>;

export const attr = {
  f: (value: number): AttributeValue => ({ type: 'float', value }),
  i: (value: number): AttributeValue => ({ type: 'int', value }),
  ints: (value: readonly number[]): AttributeValue => ({ type: 'ints', value }),
};

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** A fresh value name starting with `hint`. */
  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  /** One node with one output; `out` fixes the output name (graph outputs), else one is made. */
  op(opType: string, inputs: readonly string[], attributes?: Attrs, out?: string): string {
    const output = out ?? this.fresh(`${opType.toLowerCase()}`);
    if (out) this.used.add(out);
    this.nodes.push({ opType, inputs, outputs: [output], name: `${opType}_${this.nodes.length}`, attributes });
    return output;
  }

  /** A float32 initializer (weights). */
  weight(name: string, dims: readonly number[], data: Float32Array): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims, data });
    return n;
  }

  /** An int64 initializer, e.g. a Reshape target shape or Unsqueeze axes. */
  int64(hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const n = this.fresh(hint);
    this.initializers.push({ name: n, dims, data: BigInt64Array.from(values, (v) => BigInt(v)) });
    return n;
  }

  /** A float32 scalar initializer. */
  scalar(hint: string, value: number): string {
    const n = this.fresh(hint);
    this.initializers.push({ name: n, dims: [], data: Float32Array.of(value) });
    return n;
  }

  build(name: string, inputs: readonly OnnxValueInfo[], outputs: readonly OnnxValueInfo[], docString?: string): OnnxGraph {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs, docString };
  }
}
