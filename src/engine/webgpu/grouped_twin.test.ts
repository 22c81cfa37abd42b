// The grouped-forward ops on WebGpuBackend (Dawn on SwiftShader) against their CPU twins, through
// the Backend interface with the same seeded inputs. A missing adapter fails (getTestDevice throws).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../backend';
import { CpuBackend } from '../cpu/backend';
import { randn, relErr } from '../../gpu/twin_compare';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { WebGpuBackend } from './webgpu_backend';

const rn = (be: Backend, shape: number[], seed: number) =>
  be.upload(
    randn(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
    `t${seed}`,
  );

interface Case {
  name: string;
  run: (be: Backend) => Tensor[];
}

// Shapes of the Monte-Carlo forward: LoRA-XS core mix (K = J = r), the expand onto the layer
// width (K = r), LoRA's A product (K = layer width); odd sizes cover partial workgroups.
const SHAPES: { G: number; n: number; K: number; J: number }[] = [
  { G: 4, n: 12, K: 3, J: 3 },
  { G: 5, n: 7, K: 2, J: 33 },
  { G: 3, n: 9, K: 70, J: 4 },
  { G: 1, n: 6, K: 5, J: 8 },
];

const CASES: Case[] = [];
for (const { G, n, K, J } of SHAPES) {
  for (const xShared of [true, false])
    for (const wShared of [true, false])
      for (const base of ['none', 'shared', 'grouped'] as const) {
        CASES.push({
          name: `groupedMatmul G=${G} n=${n} K=${K} J=${J} x ${xShared ? 'shared' : 'grouped'}, w ${wShared ? 'shared' : 'per group'}, base ${base}`,
          run: (be) => [
            be.groupedMatmul(rn(be, [xShared ? n : G * n, K], 1), rn(be, wShared ? [J, K] : [G, J, K], 2), {
              groups: G,
              rowsPerGroup: n,
              alpha: -1.5,
              base: base === 'none' ? undefined : rn(be, [base === 'shared' ? n : G * n, J], 3),
            }),
          ],
        });
      }
}
CASES.push({
  name: 'groupedMatmul accumulating into out, shared base',
  run: (be) => {
    const out = rn(be, [4 * 6, 10], 4);
    be.groupedMatmul(rn(be, [4 * 6, 3], 5), rn(be, [4, 10, 3], 6), { groups: 4, rowsPerGroup: 6, alpha: 2, base: rn(be, [6, 10], 7), out, accumulate: true });
    return [out];
  },
});
CASES.push({ name: 'repeatRows 3 × [5, 7]', run: (be) => [be.repeatRows(rn(be, [5, 7], 8), 3)] });
CASES.push({ name: 'repeatRows 1 × [2, 4]', run: (be) => [be.repeatRows(rn(be, [2, 4], 9), 1)] });

describe('grouped-forward ops: WebGpuBackend vs CpuBackend', () => {
  let gpu: WebGpuBackend;
  const cpu = new CpuBackend();
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const want = c.run(cpu),
      got = c.run(gpu);
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      expect(got[i].shape).toEqual(want[i].shape);
      const g = await gpu.read(got[i]),
        w = await cpu.read(want[i]);
      if (c.name.startsWith('repeatRows')) expect([...g]).toEqual([...w]);
      else expect(relErr(g, w), `rel err of ${got[i].label}`).toBeLessThanOrEqual(1e-5);
    }
  });
});
