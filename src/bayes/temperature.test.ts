import { describe, expect, it } from 'vitest';
import { philoxNormal, philoxUniform } from '../rng/philox';
import { applyTemperature, fitTemperature, temperatureNll } from './temperature';

/** Logits T_true · z with labels drawn from softmax(z) (so T = T_true is the calibrating temperature). */
function synthetic(N: number, C: number, Ttrue: number, seed: number): { logits: Float32Array; labels: Int32Array } {
  const z = philoxNormal(seed, 0, new Float32Array(N * C)).map((v) => 2 * v);
  const p = applyTemperature(z, C, 1);
  const u = philoxUniform(seed, 1, new Float32Array(N));
  const labels = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let acc = 0,
      y = C - 1;
    for (let c = 0; c < C; c++) {
      acc += p[n * C + c];
      if (u[n] < acc) {
        y = c;
        break;
      }
    }
    labels[n] = y;
  }
  return { logits: z.map((v) => Ttrue * v), labels };
}

describe('fitTemperature', () => {
  for (const Ttrue of [0.5, 1, 2.5, 6]) {
    it(`recovers T = ${Ttrue} on synthetic logits and lowers the NLL`, () => {
      const { logits, labels } = synthetic(4000, 3, Ttrue, 11);
      const fit = fitTemperature(logits, labels, 3);
      // With 4,000 examples the MLE of T has a relative standard error of ~2–3 % here; allow 8 %.
      expect(Math.abs(fit.temperature / Ttrue - 1)).toBeLessThan(0.08);
      expect(fit.nllAfter).toBeLessThanOrEqual(fit.nllBefore);
      // It is a minimum: nudging T either way does not lower the NLL.
      for (const k of [0.97, 1.03]) expect(temperatureNll(logits, labels, 3, fit.temperature * k)).toBeGreaterThanOrEqual(fit.nllAfter);
      if (Ttrue !== 1) expect(fit.nllAfter).toBeLessThan(fit.nllBefore - 1e-3);
    });
  }

  it('rejects mismatched sizes', () => {
    expect(() => fitTemperature(new Float32Array(5), new Int32Array(2), 3)).toThrow();
  });
});
