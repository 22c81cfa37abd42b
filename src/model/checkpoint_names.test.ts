import { describe, it, expect } from 'vitest';
import { canonicalName, rewriteHeader } from './checkpoint_names';
import { parseSafetensors } from './safetensors';

describe('checkpoint tensor names', () => {
  it('maps BertModel, BertForPreTraining and BertForSequenceClassification names', () => {
    expect(canonicalName('bert.encoder.layer.3.attention.self.query.weight')).toEqual({ name: 'encoder.layer.3.attention.self.query.weight', role: 'encoder' });
    expect(canonicalName('encoder.layer.0.output.LayerNorm.gamma')).toEqual({ name: 'encoder.layer.0.output.LayerNorm.weight', role: 'encoder' });
    expect(canonicalName('bert.embeddings.LayerNorm.beta')).toEqual({ name: 'embeddings.LayerNorm.bias', role: 'encoder' });
    expect(canonicalName('cls.predictions.transform.dense.weight').role).toBe('ignored');
    expect(canonicalName('cls.seq_relationship.bias').role).toBe('ignored');
    expect(canonicalName('bert.embeddings.position_ids').role).toBe('ignored');
    expect(canonicalName('classifier.weight')).toEqual({ name: 'classifier.weight', role: 'classifier' });
  });

  it('rewrites the header in place when it shrinks and copies when it grows, data untouched', () => {
    const make = (names: string[]) => {
      const header: Record<string, unknown> = {};
      names.forEach((n, i) => (header[n] = { dtype: 'F32', shape: [1], data_offsets: [4 * i, 4 * i + 4] }));
      const h = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(8 + h.length + 4 * names.length);
      const dv = new DataView(out.buffer);
      dv.setBigUint64(0, BigInt(h.length), true);
      out.set(h, 8);
      names.forEach((_, i) => dv.setFloat32(8 + h.length + 4 * i, i + 0.5, true));
      return out;
    };
    const shrink = make(['bert.a.weight', 'cls.x', 'bert.b.LayerNorm.gamma']);
    const r1 = rewriteHeader(shrink);
    expect(r1.bytes).toBe(shrink);
    expect([...parseSafetensors(r1.bytes)].map(([n, t]) => [n, t.data[0]])).toEqual([
      ['a.weight', 0.5],
      ['b.LayerNorm.weight', 2.5],
    ]);
    expect(r1.dropped).toEqual(['cls.x']);
    const grow = make(['x.LayerNorm.gamma', 'y.LayerNorm.gamma']);
    const r2 = rewriteHeader(grow);
    expect(r2.bytes).not.toBe(grow);
    expect([...parseSafetensors(r2.bytes)].map(([n, t]) => [n, t.data[0]])).toEqual([
      ['x.LayerNorm.weight', 0.5],
      ['y.LayerNorm.weight', 1.5],
    ]);
    expect(() => rewriteHeader(make(['bert.a', 'a']))).toThrow(/two tensors map to "a"/);
  });
});
