// SWAG posterior over a flat parameter vector θ (docs/METHOD.md §3): the CPU twin of
// shaders/swag_collect.wgsl and shaders/swag_sample.wgsl. State is f32, as on the GPU.
//
// Random numbers (the (seed, stream) layout, shared with the GPU kernel):
//   z₁ = philoxNormal(seed, 2·sampleIndex,     indices 0 … P−1)   (diagonal part)
//   z₂ = philoxNormal(seed, 2·sampleIndex + 1, indices 0 … K−1)   (low-rank part; z₂[k] pairs with ring slot k)
// so sample `sampleIndex` is the same on every backend and independent of how many are drawn at once.

import { philoxNormal } from '../rng/philox';
import { symmetricEigenvalues } from './linalg';

/**
 * Divisor of the low-rank part Dᵀ D / (divisor):
 * - 'maxRows' (default): K − 1 with K the configured maximum, as the reference code does
 *   (under-weights the low-rank part until the ring buffer is full);
 * - 'rows': rows − 1 with rows the number of deviations actually stored (the canonical sample covariance).
 * Where the divisor is < 1 (K or rows ≤ 1) the low-rank part is left out rather than dividing by 0.
 */
export type SwagDivisor = 'maxRows' | 'rows';

export interface SwagConfig {
  /** Length of θ. */
  P: number;
  /** Deviation ring-buffer size (max_num_models); 0 = diagonal-only SWAG. */
  K: number;
  divisor?: SwagDivisor;
}

export const SWAG_VARIANCE_FLOOR = 1e-30;

/** Divisor for the low-rank part, or 0 when the low-rank part is left out. */
export function swagLowRankDivisor(K: number, rows: number, divisor: SwagDivisor): number {
  const d = (divisor === 'rows' ? rows : K) - 1;
  return rows > 0 && d >= 1 ? d : 0;
}

export class SwagState {
  readonly P: number;
  readonly K: number;
  readonly divisor: SwagDivisor;
  /** Number of collected models. */
  n = 0;
  readonly mean: Float32Array;
  /** Running mean of θ². */
  readonly sqMean: Float32Array;
  /** Deviation ring buffer [K, P]; slot `writeIndex` is written next. */
  readonly deviations: Float32Array;
  writeIndex = 0;
  /** Number of valid rows in the ring buffer (min(n, K)). */
  rows = 0;

  constructor(cfg: SwagConfig) {
    if (!(cfg.P > 0) || !(cfg.K >= 0) || !Number.isInteger(cfg.P) || !Number.isInteger(cfg.K)) throw new Error(`SwagState: bad P=${cfg.P} K=${cfg.K}`);
    this.P = cfg.P;
    this.K = cfg.K;
    this.divisor = cfg.divisor ?? 'maxRows';
    this.mean = new Float32Array(cfg.P);
    this.sqMean = new Float32Array(cfg.P);
    this.deviations = new Float32Array(cfg.K * cfg.P);
  }

  /** Collect one model θ: μ ← (nμ+θ)/(n+1), s ← (ns+θ²)/(n+1), D[slot] ← θ − μ (updated μ). */
  collect(theta: ArrayLike<number>): void {
    if (theta.length !== this.P) throw new Error(`SwagState.collect: θ has ${theta.length} values, expected ${this.P}`);
    const n = this.n;
    const slot = this.writeIndex * this.P;
    for (let i = 0; i < this.P; i++) {
      const t = theta[i];
      const m = (n * this.mean[i] + t) / (n + 1);
      this.mean[i] = m;
      this.sqMean[i] = (n * this.sqMean[i] + t * t) / (n + 1);
      if (this.K > 0) this.deviations[slot + i] = t - this.mean[i];
    }
    this.n = n + 1;
    if (this.K > 0) {
      this.writeIndex = (this.writeIndex + 1) % this.K;
      this.rows = Math.min(this.rows + 1, this.K);
    }
  }

  /** Copy every moment and counter of `src` (same P and K) into this state: checkpoints and their restore. */
  copyFrom(src: SwagState): this {
    if (src.P !== this.P || src.K !== this.K) throw new Error(`SwagState.copyFrom: shape P=${src.P} K=${src.K}, expected P=${this.P} K=${this.K}`);
    this.mean.set(src.mean);
    this.sqMean.set(src.sqMean);
    this.deviations.set(src.deviations);
    this.n = src.n;
    this.writeIndex = src.writeIndex;
    this.rows = src.rows;
    return this;
  }

  /** An independent copy (a checkpoint must not change as collection goes on). */
  clone(): SwagState {
    return new SwagState({ P: this.P, K: this.K, divisor: this.divisor }).copyFrom(this);
  }

  /** σ² = max(s − μ², 1e-30), elementwise (f64). */
  variance(): Float64Array {
    const v = new Float64Array(this.P);
    for (let i = 0; i < this.P; i++) v[i] = Math.max(this.sqMean[i] - this.mean[i] * this.mean[i], SWAG_VARIANCE_FLOOR);
    return v;
  }

  lowRankDivisor(): number {
    return swagLowRankDivisor(this.K, this.rows, this.divisor);
  }

  /**
   * θ̃ = μ + √c (σ ⊙ z₁ + Dᵀ z₂ / √divisor). c = 0 returns μ exactly; K = 0 is diagonal-only.
   * Only the `rows` valid ring slots enter Dᵀ z₂. Computed in f64, stored in f32.
   */
  sample(seed: number, sampleIndex: number, c: number, out: Float32Array = new Float32Array(this.P)): Float32Array {
    if (out.length !== this.P) throw new Error('SwagState.sample: out has the wrong length');
    if (this.n === 0) throw new Error('SwagState.sample: no models collected');
    if (!(c >= 0)) throw new Error(`SwagState.sample: scale c must be ≥ 0, got ${c}`);
    if (c === 0) {
      out.set(this.mean);
      return out;
    }
    const sqrtC = Math.sqrt(c);
    const z1 = philoxNormal(seed, 2 * sampleIndex, new Float32Array(this.P));
    const div = this.lowRankDivisor();
    const rows = div > 0 ? this.rows : 0;
    const z2 = philoxNormal(seed, 2 * sampleIndex + 1, new Float32Array(Math.max(rows, 1)));
    const invSqrtDiv = div > 0 ? 1 / Math.sqrt(div) : 0;
    for (let i = 0; i < this.P; i++) {
      const m = this.mean[i];
      const sigma = Math.sqrt(Math.max(this.sqMean[i] - m * m, SWAG_VARIANCE_FLOOR));
      let lowRank = 0;
      for (let k = 0; k < rows; k++) lowRank += this.deviations[k * this.P + i] * z2[k];
      out[i] = m + sqrtC * (sigma * z1[i] + lowRank * invSqrtDiv);
    }
    return out;
  }

  /**
   * Eigenvalues (descending) of the low-rank part Dᵀ D / divisor, via the rows × rows Gram matrix
   * D Dᵀ (same non-zero spectrum, never P × P). Empty when the low-rank part is left out.
   */
  covarianceEigenvalues(): Float64Array {
    const div = this.lowRankDivisor();
    const r = div > 0 ? this.rows : 0;
    const gram = new Float64Array(r * r);
    for (let a = 0; a < r; a++) {
      for (let b = a; b < r; b++) {
        let s = 0;
        for (let i = 0; i < this.P; i++) s += this.deviations[a * this.P + i] * this.deviations[b * this.P + i];
        gram[a * r + b] = gram[b * r + a] = s / div;
      }
    }
    const ev = symmetricEigenvalues(gram, r).reverse();
    for (let i = 0; i < ev.length; i++) ev[i] = Math.max(ev[i], 0); // Gram matrices are PSD; clip round-off.
    return ev;
  }
}
