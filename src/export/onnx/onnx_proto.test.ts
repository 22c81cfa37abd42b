// The ONNX writer against onnxruntime-web: a model we encode must load and compute what the ops
// say, with float/int/negative-int/ints attributes, float32 and int64 initializers and dynamic dims.
import { beforeAll, describe, expect, it } from 'vitest';
import { configureOrt, ort } from '../../onnx/ort_env';
import { attr, GraphBuilder } from './graph_builder';
import { encodeModel } from './onnx_proto';
import { varint } from './protobuf';

describe('protobuf varint', () => {
  it('encodes small, multi-byte and negative (two’s complement) values', () => {
    expect([...varint(1)]).toEqual([1]);
    expect([...varint(300)]).toEqual([0xac, 0x02]);
    expect([...varint(2 ** 35)]).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect([...varint(-1)]).toEqual([...Array(9).fill(0xff), 0x01]);
    expect(() => varint(1.5)).toThrow(/not a safe integer/);
  });
});

describe('ONNX writer round trip through onnxruntime-web', () => {
  beforeAll(() => {
    configureOrt({ numThreads: 1 });
  });

  it('runs a graph with embeddings, transposes, attributes and dynamic shapes', async () => {
    const g = new GraphBuilder();
    const ids = g.fresh('ids');
    const table = Float32Array.from([0, 1, -2, 3, 4, -5, 6, 7]); // [4, 2]
    const emb = g.op('Gather', [g.weight('table', [4, 2], table), ids]); // [b, s, 2]
    const t = g.op('Transpose', [emb], { perm: attr.ints([0, 2, 1]) }); // [b, 2, s]
    const leaky = g.op('LeakyRelu', [t], { alpha: attr.f(0.25) });
    const sm = g.op('Softmax', [leaky], { axis: attr.i(-1) }, 'probs');
    const flat = g.op('Reshape', [leaky, g.int64('shape', [0, -1])], undefined, 'flat'); // [b, 2s]
    const graph = g.build(
      'roundtrip',
      [{ name: ids, elemType: 'int64', shape: ['batch', 'seq'] }],
      [
        { name: sm, elemType: 'float32', shape: ['batch', 2, 'seq'] },
        { name: flat, elemType: 'float32', shape: ['batch', 'flat'] },
      ],
    );
    const bytes = encodeModel({ graph, opset: 17, producerName: 'test', metadata: { k: 'v' } });
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    expect(session.inputNames).toEqual(['ids']);
    expect(session.outputNames).toEqual(['probs', 'flat']);

    for (const [b, s, idv] of [
      [1, 3, [0, 2, 3]],
      [2, 2, [1, 1, 2, 0]],
    ] as const) {
      const out = await session.run({ ids: new ort.Tensor('int64', BigInt64Array.from(idv, BigInt), [b, s]) });
      expect(out.flat.dims).toEqual([b, 2 * s]);
      expect(out.probs.dims).toEqual([b, 2, s]);
      const want = new Float32Array(b * 2 * s);
      for (let i = 0; i < b; i++)
        for (let c = 0; c < 2; c++)
          for (let j = 0; j < s; j++) {
            const x = table[idv[i * s + j] * 2 + c];
            want[(i * 2 + c) * s + j] = x >= 0 ? x : 0.25 * x;
          }
      expect(Array.from(out.flat.data as Float32Array)).toEqual(Array.from(want));
      const probs = out.probs.data as Float32Array;
      for (let row = 0; row < b * 2; row++) {
        const r = want.subarray(row * s, (row + 1) * s);
        const z = r.reduce((a, x) => a + Math.exp(x), 0);
        for (let j = 0; j < s; j++) expect(probs[row * s + j]).toBeCloseTo(Math.exp(r[j]) / z, 6);
      }
    }
    await session.release();
  });

  it('refuses a tensor whose values do not fill its dims', () => {
    const g = new GraphBuilder();
    g.weight('w', [2, 2], new Float32Array(3));
    expect(() => encodeModel({ graph: g.build('bad', [], []), opset: 17 })).toThrow(/3 values for dims \[2, 2\]/);
  });
});
