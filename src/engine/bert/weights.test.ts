import { describe, expect, it } from 'vitest';
import { serializeSafetensors, type TensorMap } from '../../model/safetensors';
import { loadEngineGolden } from './testing/golden_fixture';
import { initHead, loadBertWeights } from './weights';
import { expectedBertShapes } from '../../model/bert_shapes';

const golden = loadEngineGolden();

function withBert(w: TensorMap, edit?: (m: TensorMap) => void): Uint8Array {
  const m: TensorMap = new Map([...w].map(([k, v]) => [k.startsWith('classifier') ? k : `bert.${k}`, v]));
  edit?.(m);
  return serializeSafetensors(m);
}

describe('BERT weights', () => {
  it('expects HF names and shapes for every layer', () => {
    const e = expectedBertShapes(golden.config);
    expect(e.get('encoder.layer.1.intermediate.dense.weight')).toEqual([64, 32]);
    expect(e.get('encoder.layer.1.output.dense.weight')).toEqual([32, 64]);
    expect(e.get('embeddings.position_embeddings.weight')).toEqual([16, 32]);
    expect(e.size).toBe(5 + 2 * 16 + 2);
  });
  it('loads a "bert."-prefixed checkpoint and reports a wrong shape with file, tensor, expected and found', () => {
    const ok = loadBertWeights(withBert(golden.weights), golden.config, 'x.safetensors');
    expect(ok.get('encoder.layer.0.attention.self.query.weight')!.shape).toEqual([32, 32]);
    const bad = withBert(golden.weights, (m) => m.set('bert.encoder.layer.1.output.dense.weight', { shape: [64, 32], data: new Float32Array(2048) }));
    expect(() => loadBertWeights(bad, golden.config, 'x.safetensors')).toThrow(
      'x.safetensors: tensor "encoder.layer.1.output.dense.weight" has shape [64, 32], expected [32, 64]',
    );
    const noLayer = withBert(golden.weights, (m) => m.delete('bert.encoder.layer.1.output.LayerNorm.bias'));
    expect(() => loadBertWeights(noLayer, golden.config, 'x.safetensors')).toThrow(/"encoder\.layer\.1\.output\.LayerNorm\.bias" is missing/);
    const badHead = withBert(golden.weights, (m) => m.set('classifier.bias', { shape: [7], data: new Float32Array(7) }));
    expect(() => loadBertWeights(badHead, golden.config, 'x.safetensors')).toThrow(/"classifier\.bias" has shape \[7\], expected \[3\]/);
  });
  it('initHead fills a missing pooler/classifier (seeded N(0, 0.02²), zero bias) and keeps existing ones', () => {
    const w = new Map(golden.weights);
    w.delete('pooler.dense.weight');
    w.delete('pooler.dense.bias');
    initHead(w, golden.config, 5, 3);
    const pw = w.get('pooler.dense.weight')!.data,
      cw = w.get('classifier.weight')!;
    expect(cw.shape).toEqual([5, 32]);
    expect(w.get('classifier.bias')!.data.every((x) => x === 0)).toBe(true);
    const std = Math.sqrt(pw.reduce((s, x) => s + x * x, 0) / pw.length);
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    const keep = new Map(golden.weights);
    initHead(keep, golden.config, 3, 3);
    expect(keep.get('classifier.weight')).toBe(golden.weights.get('classifier.weight'));
  });
});
