import { describe, expect, it } from 'vitest';
import { philoxNormal, philoxUniform } from '../engine/rng/philox';
import { fitTemperature } from './temperature';

describe('temperature scaling', () => {
  it('recovers the temperature that over-sharpened calibrated logits', () => {
    const N = 4000, C = 3, Ttrue = 2.5;
    const z = philoxNormal(5, 1, new Float32Array(N * C));
    const u = philoxUniform(5, 2, new Float32Array(N));
    const labels = new Int32Array(N);
    const logits = new Float32Array(N * C);
    for (let i = 0; i < N; i++) {
      // Calibrated logits z (labels drawn from softmax(z)); the model reports Ttrue · z.
      const p = [0, 1, 2].map((k) => Math.exp(1.5 * z[i * C + k]));
      const s = p.reduce((a, b) => a + b, 0);
      let acc = 0, y = C - 1;
      for (let k = 0; k < C; k++) { acc += p[k] / s; if (u[i] < acc) { y = k; break; } }
      labels[i] = y;
      for (let k = 0; k < C; k++) logits[i * C + k] = Ttrue * 1.5 * z[i * C + k];
    }
    const fit = fitTemperature(logits, labels, C);
    expect(fit.temperature).toBeGreaterThan(Ttrue * 0.9);
    expect(fit.temperature).toBeLessThan(Ttrue * 1.1);
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
  });
});
