import { describe, expect, it } from 'vitest';
import { groupAdapterTensors } from './adapter_modules';

const t = (name: string, shape: number[]) => ({ name, shape, data: new Float32Array(shape[0] * shape[1]) });

describe('groupAdapterTensors', () => {
  it('groups A, B, R per module and keeps other tensors apart', () => {
    const g = groupAdapterTensors(
      [
        t('bert.encoder.layer.10.attention.self.query.A', [2, 8]),
        t('bert.encoder.layer.10.attention.self.query.B', [8, 2]),
        t('bert.encoder.layer.10.attention.self.query.R', [2, 2]),
        t('bert.encoder.layer.2.attention.self.value.lora_A.weight', [2, 8]),
        t('bert.encoder.layer.2.attention.self.value.lora_B.weight', [8, 2]),
        t('classifier.weight', [2, 8]),
      ],
      8,
    );
    expect(g.modules.map((m) => m.path)).toEqual(['bert.encoder.layer.2.attention.self.value', 'bert.encoder.layer.10.attention.self.query']);
    expect(g.modules[1]).toMatchObject({ r: 2, inFeatures: 8, outFeatures: 8, scale: 8 });
    expect(g.modules[1].R).toBeDefined();
    expect(g.modules[0].R).toBeUndefined();
    expect(g.others.map((x) => x.name)).toEqual(['classifier.weight']);
  });
  it('refuses a module without its frozen factors', () => {
    expect(() => groupAdapterTensors([t('m.R', [2, 2])], 1)).toThrow(/lacks its A factor/);
    expect(() => groupAdapterTensors([t('m.A', [2, 4]), t('m.B', [4, 3])], 1)).toThrow(/A is 2×4/);
  });
});
