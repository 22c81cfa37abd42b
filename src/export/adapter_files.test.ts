import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { parseSafetensors } from '../model/safetensors';
import type { RunResult } from '../methods/run_types';
import { adaptersSafetensors, peftLoraZip } from './adapter_files';

const result = {
  runId: 'run1',
  method: { kind: 'b-lora-xs', r: 2, alpha: 4 },
  adapters: [
    { name: 'bert.encoder.layer.0.attention.self.query.A', shape: [2, 3], data: new Float32Array([1, 0, 0, 0, 1, 0]) },
    { name: 'bert.encoder.layer.0.attention.self.query.B', shape: [3, 2], data: new Float32Array([1, 0, 0, 1, 1, 1]) },
    { name: 'bert.encoder.layer.0.attention.self.query.R', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
    { name: 'classifier.weight', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
  ],
} as unknown as RunResult;

describe('adapter files', () => {
  it('writes every adapter tensor to safetensors with run metadata', () => {
    const back = parseSafetensors(adaptersSafetensors(result));
    expect([...back.keys()]).toHaveLength(4);
    expect(Array.from(back.get('bert.encoder.layer.0.attention.self.query.R')!.data)).toEqual([1, 2, 3, 4]);
  });
  it('zips a PEFT adapter whose lora_B is s·B·R and whose head is saved whole', () => {
    const files = unzipSync(peftLoraZip(result, 'blora-tiny-uncased'));
    const config = JSON.parse(strFromU8(files['adapter_config.json']));
    expect(config).toMatchObject({ peft_type: 'LORA', r: 2, lora_alpha: 2, modules_to_save: ['classifier'] });
    const t = parseSafetensors(files['adapter_model.safetensors']);
    // s = α/r = 2; B R = [[1,2],[3,4],[4,6]] → lora_B = [[2,4],[6,8],[8,12]]
    expect(Array.from(t.get('base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight')!.data)).toEqual([2, 4, 6, 8, 8, 12]);
    expect(t.get('base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight')!.shape).toEqual([2, 3]);
    expect(t.get('base_model.model.classifier.weight')!.data[5]).toBe(6);
  });
  it('an ensemble exports its first member under the model paths, not member0.*', () => {
    const ens = {
      ...result,
      method: { kind: 'ensemble', r: 2, alpha: 4, M: 2 },
      adapters: [0, 1].flatMap((m) => result.adapters.map((t) => ({ ...t, name: `member${m}.${t.name}`, data: t.data.map((x) => x + m) }))),
    } as unknown as RunResult;
    const files = unzipSync(peftLoraZip(ens, 'blora-tiny-uncased'));
    expect(JSON.parse(strFromU8(files['adapter_config.json'])).target_modules).toEqual(['bert.encoder.layer.0.attention.self.query']);
    const t = parseSafetensors(files['adapter_model.safetensors']);
    expect(Array.from(t.get('base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight')!.data)).toEqual([2, 4, 6, 8, 8, 12]);
    expect([...t.keys()].some((k) => k.includes('member'))).toBe(false);
  });
});
