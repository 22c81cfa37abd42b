import { describe, expect, it } from 'vitest';
import { getNodeGpu } from '../../gpu/testing/node_gpu';
import { runMatmulBench } from './matmul_bench';

describe('runMatmulBench', () => {
  it('reports finite timings and a correct product for small sizes (no timing asserts)', async () => {
    const lines: string[] = [];
    const res = await runMatmulBench({ gpu: await getNodeGpu(), sizes: [32, 65], warmup: 1, reps: 2, log: (l) => lines.push(l) });
    expect(res.map((r) => r.n)).toEqual([32, 65]);
    for (const r of res) {
      expect(r.reps).toBeGreaterThanOrEqual(1);
      expect(Number.isFinite(r.ms) && r.ms > 0).toBe(true);
      expect(r.gflops).toBeCloseTo((2 * r.n ** 3) / (r.ms * 1e6), 6);
      expect(r.sampleRelErr).toBeLessThan(1e-5);
    }
    expect(lines).toHaveLength(2);
  });
});
