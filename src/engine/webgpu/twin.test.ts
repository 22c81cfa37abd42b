// The twin check: every Backend op runs on WebGpuBackend (Dawn on SwiftShader) and on CpuBackend
// with the same seeded inputs, through the shared Backend interface; outputs must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../backend';
import { CpuBackend } from '../cpu/backend';
import { randInt, randn, relErr } from '../../gpu/twin_compare';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { WebGpuBackend } from './webgpu_backend';

interface Case {
  name: string;
  /** Max per-tensor relative error (max|gpu − cpu| / max|cpu|); 0 means bit-identical. */
  tol: number;
  /** Build inputs from seeds, run the op, return the tensors to compare (outputs and in-place targets). */
  run: (be: Backend) => Tensor[];
}

const up = (be: Backend, data: Float32Array | Int32Array, shape: number[], label: string) => be.upload(data, shape, label);
const rn = (be: Backend, shape: number[], seed: number, scale = 1, label = `t${seed}`) =>
  up(
    be,
    randn(
      shape.reduce((a, b) => a * b, 1),
      seed,
      scale,
    ),
    shape,
    label,
  );

// Sizes with and without the vec4 path (it needs K, N — or M, K when transposed — multiples of 4):
// [64, 128, 32] and [36, 20, 44] take it in every layout, [68, 12, 45] only where N is not read by rows.
const MATMUL_SIZES: [number, number, number][] = [
  [1, 1, 1],
  [33, 17, 45],
  [64, 128, 31],
  [7, 100, 3],
  [70, 9, 66],
  [64, 128, 32],
  [36, 20, 44],
  [68, 12, 45],
];

function matmulCases(): Case[] {
  const cases: Case[] = [];
  for (const [M, K, N] of MATMUL_SIZES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        cases.push({
          name: `matmul ${M}×${K}×${N} transA=${transA} transB=${transB}`,
          tol: 1e-5,
          run: (be) => [be.matmul(rn(be, transA ? [K, M] : [M, K], 1), rn(be, transB ? [N, K] : [K, N], 2), { transA, transB })],
        });
      }
    }
  }
  cases.push({
    name: 'matmul with bias and alpha',
    tol: 1e-5,
    run: (be) => [be.matmul(rn(be, [19, 23], 3), rn(be, [23, 37], 4), { bias: rn(be, [37], 5), alpha: -0.75 })],
  });
  cases.push({
    name: 'matmul accumulating into out',
    tol: 1e-5,
    run: (be) => {
      const out = rn(be, [13, 29], 6);
      be.matmul(rn(be, [41, 13], 7), rn(be, [29, 41], 8), { transA: true, transB: true, out, accumulate: true, alpha: 2 });
      return [out];
    },
  });
  cases.push({
    name: 'matmul overwriting out',
    tol: 1e-5,
    run: (be) => {
      const out = rn(be, [5, 6], 9);
      be.matmul(rn(be, [5, 3], 10), rn(be, [3, 6], 11), { out });
      return [out];
    },
  });
  return cases;
}

const N = 21,
  IN = 35,
  OUT = 27,
  R = 4;

const CASES: Case[] = [
  ...matmulCases(),
  { name: 'linear', tol: 1e-5, run: (be) => [be.linear(rn(be, [N, IN], 1), rn(be, [OUT, IN], 2), rn(be, [OUT], 3))] },
  { name: 'linear without bias', tol: 1e-5, run: (be) => [be.linear(rn(be, [N, IN], 1), rn(be, [OUT, IN], 2), null)] },
  { name: 'linearBackwardInput', tol: 1e-5, run: (be) => [be.linearBackwardInput(rn(be, [N, OUT], 4), rn(be, [OUT, IN], 2))] },
  {
    name: 'linearBackwardParams (overwrite, then accumulate)',
    tol: 1e-5,
    run: (be) => {
      const dW = rn(be, [OUT, IN], 5),
        db = rn(be, [OUT], 6);
      const dW2 = rn(be, [OUT, IN], 7),
        db2 = rn(be, [OUT], 8);
      be.linearBackwardParams(rn(be, [N, OUT], 4), rn(be, [N, IN], 1), dW, db, false);
      be.linearBackwardParams(rn(be, [N, OUT], 4), rn(be, [N, IN], 1), dW2, db2, true);
      return [dW, db, dW2, db2];
    },
  },
  { name: 'add', tol: 0, run: (be) => [be.add(rn(be, [7, 9], 1), rn(be, [7, 9], 2))] },
  { name: 'scale', tol: 1e-6, run: (be) => [be.scale(rn(be, [131], 1), -0.3)] },
  {
    name: 'addInPlace',
    tol: 1e-6,
    run: (be) => {
      const a = rn(be, [3, 43], 1);
      be.addInPlace(a, rn(be, [3, 43], 2), 0.125);
      be.addInPlace(a, rn(be, [3, 43], 3));
      return [a];
    },
  },
  {
    name: 'loraXsForward',
    tol: 1e-5,
    run: (be) => {
      const o = be.loraXsForward(rn(be, [N, IN], 1), rn(be, [OUT, IN], 2), rn(be, [OUT], 3), rn(be, [R, IN], 4), rn(be, [OUT, R], 5), rn(be, [R, R], 6), 4);
      return [o.y, o.u];
    },
  },
  ...[true, false].map(
    (needDx): Case => ({
      name: `loraXsBackward needDx=${needDx}`,
      tol: 1e-5,
      run: (be) => {
        const o = be.loraXsBackward(
          rn(be, [N, OUT], 7),
          rn(be, [N, R], 8),
          rn(be, [OUT, IN], 2),
          rn(be, [R, IN], 4),
          rn(be, [OUT, R], 5),
          rn(be, [R, R], 6),
          4,
          needDx,
        );
        if (needDx !== (o.dx !== null)) throw new Error('dx presence does not follow needDx');
        return o.dx ? [o.dx, o.dR] : [o.dR];
      },
    }),
  ),
  {
    name: 'loraForward',
    tol: 1e-5,
    run: (be) => {
      const o = be.loraForward(rn(be, [N, IN], 1), rn(be, [OUT, IN], 2), null, rn(be, [R, IN], 4), rn(be, [OUT, R], 5), 2);
      return [o.y, o.u];
    },
  },
  ...[true, false].map(
    (needDx): Case => ({
      name: `loraBackward needDx=${needDx}`,
      tol: 1e-5,
      run: (be) => {
        const o = be.loraBackward(
          rn(be, [N, OUT], 7),
          rn(be, [N, IN], 1),
          rn(be, [N, R], 8),
          rn(be, [OUT, IN], 2),
          rn(be, [R, IN], 4),
          rn(be, [OUT, R], 5),
          2,
          needDx,
        );
        return o.dx ? [o.dx, o.dA, o.dB] : [o.dA, o.dB];
      },
    }),
  ),
  {
    name: 'embeddings forward',
    tol: 1e-6,
    run: (be) => {
      const ids = up(be, randInt(14, 11, 1), [14], 'ids'),
        types = up(be, randInt(14, 2, 2), [14], 'types');
      return [be.embeddings(ids, types, 7, rn(be, [11, 9], 3), rn(be, [8, 9], 4), rn(be, [2, 9], 5))];
    },
  },
  {
    name: 'embeddings backward (scatter-add with repeated ids, all tables)',
    tol: 0,
    run: (be) => {
      const ids = up(be, randInt(3 * 6, 5, 1), [18], 'ids'),
        types = up(be, randInt(18, 2, 2), [18], 'types');
      const dWord = rn(be, [5, 10], 3),
        dPos = rn(be, [8, 10], 4),
        dType = rn(be, [2, 10], 5);
      be.embeddingsBackward(rn(be, [18, 10], 6), ids, types, 6, dWord, dPos, dType);
      return [dWord, dPos, dType];
    },
  },
  {
    name: 'embeddings backward (word table only)',
    tol: 0,
    run: (be) => {
      const ids = up(be, randInt(12, 30, 7), [12], 'ids'),
        types = up(be, randInt(12, 2, 8), [12], 'types');
      const dWord = be.zeros([30, 3], 'dWord');
      be.embeddingsBackward(rn(be, [12, 3], 9), ids, types, 4, dWord, null, null);
      return [dWord];
    },
  },
  ...[
    [5, 37],
    [3, 128],
    [2, 1],
    [9, 200],
  ].map(
    ([rows, D]): Case => ({
      name: `layerNorm ${rows}×${D}`,
      tol: 1e-5,
      run: (be) => {
        const o = be.layerNorm(rn(be, [rows, D], 1, 3), rn(be, [D], 2), rn(be, [D], 3), 1e-12);
        return [o.y, o.mean, o.rstd];
      },
    }),
  ),
  ...[
    [5, 37],
    [3, 128],
    [2, 1],
    [9, 200],
  ].map(
    ([rows, D]): Case => ({
      name: `addLayerNorm (residual + LayerNorm) ${rows}×${D}`,
      tol: 1e-5,
      run: (be) => {
        const o = be.addLayerNorm(rn(be, [rows, D], 1, 3), rn(be, [rows, D], 4, 2), rn(be, [D], 2), rn(be, [D], 3), 1e-12);
        return [o.sum, o.y, o.mean, o.rstd];
      },
    }),
  ),
  ...[
    [5, 37],
    [4, 128],
  ].map(
    ([rows, D]): Case => ({
      name: `layerNormBackward ${rows}×${D}`,
      tol: 1e-5,
      run: (be) => {
        const x = rn(be, [rows, D], 1, 3),
          gamma = rn(be, [D], 2);
        const f = be.layerNorm(x, gamma, rn(be, [D], 3), 1e-5);
        const o = be.layerNormBackward(rn(be, [rows, D], 4), x, f.mean, f.rstd, gamma);
        return [o.dx, o.dGamma, o.dBeta];
      },
    }),
  ),
  { name: 'gelu', tol: 2e-6, run: (be) => [be.gelu(rn(be, [257], 1, 4))] },
  ...[
    [33, 17, 45],
    [64, 128, 31],
    [1, 1, 1],
  ].map(
    ([M, K, N]): Case => ({
      name: `linearGelu (matmul with the GELU epilogue) ${M}×${K}×${N}`,
      tol: 1e-5,
      run: (be) => {
        const o = be.linearGelu(rn(be, [M, K], 1), rn(be, [N, K], 2, 0.5), rn(be, [N], 3));
        return [o.pre, o.y];
      },
    }),
  ),
  { name: 'geluBackward', tol: 2e-6, run: (be) => [be.geluBackward(rn(be, [257], 2), rn(be, [257], 1, 4))] },
  { name: 'tanh', tol: 1e-6, run: (be) => [be.tanh(rn(be, [300], 1, 3))] },
  { name: 'tanhBackward', tol: 1e-6, run: (be) => [be.tanhBackward(rn(be, [300], 2), be.tanh(rn(be, [300], 1, 3)))] },
  { name: 'relu (bit-identical)', tol: 0, run: (be) => [be.relu(rn(be, [300], 1, 3))] },
  { name: 'reluBackward (bit-identical)', tol: 0, run: (be) => [be.reluBackward(rn(be, [300], 2), be.relu(rn(be, [300], 1, 3)))] },
  ...[0, 0.1, 0.5, 0.9].map(
    (p): Case => ({
      name: `dropout p=${p} (bit-identical masks)`,
      tol: 0,
      run: (be) => [be.dropout(rn(be, [1000], 1), { p, seed: 42, stream: 3 }), be.dropoutBackward(rn(be, [1000], 2), { p, seed: 42, stream: 3 })],
    }),
  ),
  ...[
    { batch: 2, seqLen: 5, heads: 2, dh: 3, p: 0 },
    { batch: 1, seqLen: 17, heads: 4, dh: 8, p: 0 },
    { batch: 3, seqLen: 6, heads: 1, dh: 5, p: 0.2 },
  ].flatMap(({ batch, seqLen, heads, dh, p }): Case[] => {
    const width = heads * dh,
      rows = batch * seqLen;
    const mask = new Float32Array(rows).fill(1);
    for (let b = 0; b < batch; b++) for (let j = seqLen - b; j < seqLen; j++) mask[b * seqLen + j] = 0; // padding grows with b
    const drop = p > 0 ? { p, seed: 9, stream: 77 } : undefined;
    const inputs = (be: Backend) => ({
      q: rn(be, [rows, width], 1),
      k: rn(be, [rows, width], 2),
      v: rn(be, [rows, width], 3),
      m: up(be, mask, [batch, seqLen], 'mask'),
    });
    return [
      {
        name: `attention B=${batch} L=${seqLen} H=${heads} Dh=${dh} p=${p}`,
        tol: 1e-5,
        run: (be) => {
          const { q, k, v, m } = inputs(be);
          const o = be.attention(q, k, v, m, batch, seqLen, heads, drop);
          return [o.ctx, o.probs, o.probsPreDropout];
        },
      },
      {
        name: `attentionBackward B=${batch} L=${seqLen} H=${heads} Dh=${dh} p=${p}`,
        tol: 1e-5,
        run: (be) => {
          const { q, k, v, m } = inputs(be);
          const f = be.attention(q, k, v, m, batch, seqLen, heads, drop);
          const o = be.attentionBackward(rn(be, [rows, width], 4), q, k, v, f.probs, f.probsPreDropout, batch, seqLen, heads, drop);
          return [o.dq, o.dk, o.dv];
        },
      },
    ];
  }),
  { name: 'gatherCls', tol: 0, run: (be) => [be.gatherCls(rn(be, [3 * 5, 7], 1), 3, 5)] },
  { name: 'scatterCls', tol: 0, run: (be) => [be.scatterCls(rn(be, [3, 7], 1), 3, 5)] },
  { name: 'softmax', tol: 1e-6, run: (be) => [be.softmax(rn(be, [6, 3], 1, 5)), be.softmax(rn(be, [2, 150], 2, 3))] },
  {
    name: 'softmaxCrossEntropy',
    tol: 1e-5,
    run: (be) => {
      const o = be.softmaxCrossEntropy(rn(be, [67, 5], 1, 3), up(be, randInt(67, 5, 2), [67], 'labels'));
      return [o.loss, o.dLogits];
    },
  },
  {
    name: 'adamw (3 steps, weight decay)',
    tol: 1e-5,
    run: (be) => {
      const p = rn(be, [97], 1),
        m = be.zeros([97], 'm'),
        v = be.zeros([97], 'v');
      for (let step = 1; step <= 3; step++) {
        be.adamw(p, rn(be, [97], 10 + step, 0.1), m, v, { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step });
      }
      return [p, m, v];
    },
  },
  {
    name: 'zeros, write and copy',
    tol: 0,
    run: (be) => {
      const z = be.zeros([4, 5], 'z');
      const w = be.zeros([20], 'w');
      be.write(w, randn(20, 3));
      const c = be.zeros([20], 'c');
      be.copy(w, c);
      return [z, w, c, be.zeros([3], 'zi', 'i32')];
    },
  },
];

describe('WebGpuBackend vs CpuBackend (twin check)', () => {
  let gpu: WebGpuBackend;
  const cpu = new CpuBackend();
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const want = c.run(cpu);
    const got = c.run(gpu);
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      expect(got[i].shape, `output ${i} shape`).toEqual(want[i].shape);
      expect(got[i].dtype).toBe(want[i].dtype);
      const g = await gpu.read(got[i]);
      const w = await cpu.read(want[i]);
      const err = relErr(g, w);
      if (c.tol === 0) expect([...g], `output ${i} (${got[i].label})`).toEqual([...w]);
      else expect(err, `output ${i} (${got[i].label}) rel err`).toBeLessThanOrEqual(c.tol);
    }
  });
});
