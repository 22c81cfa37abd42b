// A miniature training step (LoRA-XS layer → GELU → LayerNorm → dropout → [CLS] → head → CE →
// backward → AdamW on R and the head) recorded by WebGpuBackend as one command encoder per step,
// compared with CpuBackend after a few steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, Tensor } from '../backend';
import { CpuBackend } from '../cpu/backend';
import { randInt, randn, relErr } from '../../gpu/twin_compare';
import { getTestDevice } from '../../gpu/testing/node_gpu';
import { WebGpuBackend } from './webgpu_backend';

const B = 3,
  L = 5,
  D = 24,
  R = 4,
  C = 3,
  N = B * L;

function train(be: Backend, steps: number): Tensor[] {
  const x = be.upload(randn(N * D, 1), [N, D], 'x');
  const w = be.upload(randn(D * D, 2, 0.2), [D, D], 'W');
  const bias = be.upload(randn(D, 3, 0.1), [D], 'b');
  const a = be.upload(randn(R * D, 4, 0.3), [R, D], 'A');
  const bm = be.upload(randn(D * R, 5, 0.3), [D, R], 'B');
  const r = be.upload(randn(R * R, 6, 0.1), [R, R], 'R');
  const gamma = be.upload(new Float32Array(D).fill(1), [D], 'gamma');
  const beta = be.zeros([D], 'beta');
  const hw = be.upload(randn(C * D, 7, 0.2), [C, D], 'headW');
  const hb = be.zeros([C], 'headB');
  const labels = be.upload(randInt(B, C, 8), [B], 'labels');
  const opt = [r, hw, hb].map((p) => ({ m: be.zeros(p.shape, `m.${p.label}`), v: be.zeros(p.shape, `v.${p.label}`) }));
  const losses: Tensor[] = [];
  for (let step = 1; step <= steps; step++) {
    const drop = { p: 0.1, seed: 1234, stream: step };
    const { y, u } = be.loraXsForward(x, w, bias, a, bm, r, 2);
    const g = be.gelu(y);
    const ln = be.layerNorm(g, gamma, beta, 1e-12);
    const dr = be.dropout(ln.y, drop);
    const cls = be.gatherCls(dr, B, L);
    const logits = be.linear(cls, hw, hb);
    const { loss, dLogits } = be.softmaxCrossEntropy(logits, labels);
    const dHw = be.zeros(hw.shape, 'dHeadW'),
      dHb = be.zeros(hb.shape, 'dHeadB');
    be.linearBackwardParams(dLogits, cls, dHw, dHb, false);
    const dCls = be.linearBackwardInput(dLogits, hw);
    const dDr = be.scatterCls(dCls, B, L);
    const dLn = be.dropoutBackward(dDr, drop);
    const lnB = be.layerNormBackward(dLn, g, ln.mean, ln.rstd, gamma);
    const dY = be.geluBackward(lnB.dx, y);
    const { dx, dR } = be.loraXsBackward(dY, u, w, a, bm, r, 2, false);
    expect(dx).toBeNull();
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step };
    be.adamw(r, dR, opt[0].m, opt[0].v, h);
    be.adamw(hw, dHw, opt[1].m, opt[1].v, h);
    be.adamw(hb, dHb, opt[2].m, opt[2].v, h);
    for (const t of [y, u, g, ln.y, ln.mean, ln.rstd, dr, cls, logits, dLogits, dHw, dHb, dCls, dDr, dLn, lnB.dx, lnB.dGamma, lnB.dBeta, dY, dR]) be.release(t);
    be.flush();
    losses.push(loss);
  }
  return [...losses, r, hw, hb, opt[0].m, opt[0].v];
}

describe('training step on WebGpuBackend', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = new WebGpuBackend(await getTestDevice());
  });
  afterAll(() => gpu?.destroy());

  it('records one submit per step and matches CpuBackend after 3 steps', async () => {
    const submits0 = gpu.recorder.submits;
    const got = train(gpu, 3);
    expect(gpu.recorder.submits - submits0).toBe(3);
    const want = train(new CpuBackend(), 3);
    for (let i = 0; i < want.length; i++) {
      const g = await gpu.read(got[i]),
        w = await new CpuBackend().read(want[i]);
      expect(relErr(g, w), `${want[i].label}`).toBeLessThan(1e-4);
    }
    const l1 = (await gpu.read(got[0]))[0],
      l3 = (await gpu.read(got[2]))[0];
    expect(l3).toBeLessThan(l1); // the step actually trains
    expect(gpu.pool.stats.hits).toBeGreaterThan(0);
  });
});
