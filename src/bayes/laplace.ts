// L-LoRA-XS: a post-hoc Laplace approximation over θ (docs/METHOD.md §8), for a softmax classifier.
//
// Curvature: the generalized Gauss–Newton Λ = Σ_n J_nᵀ (diag p_n − p_n p_nᵀ) J_n with J_n = ∂z_n/∂θ [C, P].
// Because diag p − ppᵀ = Σ_c p_c (e_c − p)(e_c − p)ᵀ, each example contributes the C outer products
// g_c g_cᵀ with g_c = Jᵀ(√p_c (e_c − p)): a caller without explicit Jacobians backpropagates the
// C vectors of ggnBackpropVectors(p) as dLogits (one backward pass each) and hands the resulting θ
// gradients to addOuterRows.
// Posterior: N(θ*, (Λ + δI)⁻¹), with the prior N(0, δ⁻¹ I). 'diag' keeps only diag Λ.
// Prior precision δ maximises the Laplace evidence
//   log p(D | δ) ≈ log p(D | θ*) − ½ δ ‖θ*‖² + (P/2) log δ − ½ log det(Λ + δI)
// (the 2π terms cancel) over a log grid, refined by golden-section search on log δ.
// Cost (full): log det(Λ + δI) = Σ log(λ_i + δ) from one eigen-decomposition (≈ 4/3 P³ flops,
// ~1e10 for P = 2,000: seconds in a worker), so tuning costs no more O(P³) work; one Cholesky
// (P³/3) per chosen δ for sampling. All f64.
// Random numbers: sample `sampleIndex` uses z = philoxNormal(seed, sampleIndex, indices 0 … P−1).

import { philoxNormal } from '../rng/philox';
import { choleskyInPlace, inverseFromCholesky, solveLower, solveLowerTransposed, symmetricEigenvalues } from './linalg';

export type LaplaceStructure = 'diag' | 'full';

/** The C vectors √p_c (e_c − p), [C, C] row-major: backpropagating row c as dLogits gives g_c. */
export function ggnBackpropVectors(probs: ArrayLike<number>): Float64Array {
  const C = probs.length;
  const v = new Float64Array(C * C);
  for (let c = 0; c < C; c++) {
    const r = Math.sqrt(Math.max(probs[c], 0));
    for (let k = 0; k < C; k++) v[c * C + k] = r * ((c === k ? 1 : 0) - probs[k]);
  }
  return v;
}

/** Accumulates Λ (full: upper triangle of a P × P f64 matrix; diag: P values). */
export class GgnAccumulator {
  private readonly acc: Float64Array;
  /** Number of examples added through addJacobian (informational). */
  examples = 0;

  constructor(
    readonly P: number,
    readonly structure: LaplaceStructure,
  ) {
    this.acc = new Float64Array(structure === 'full' ? P * P : P);
  }

  /** An accumulator holding a stored Λ (full P × P or its diagonal; a finished run's laplace.ggn). */
  static fromPrecision(P: number, structure: LaplaceStructure, values: ArrayLike<number>): GgnAccumulator {
    const g = new GgnAccumulator(P, structure);
    if (values.length !== g.acc.length) throw new Error(`GgnAccumulator.fromPrecision: expected ${g.acc.length} values, got ${values.length}`);
    g.acc.set(values);
    return g;
  }

  /** Λ += Σ_m g_m g_mᵀ for the rows of G [M, P]. */
  addOuterRows(G: ArrayLike<number>, M: number): void {
    const P = this.P;
    if (G.length !== M * P) throw new Error(`GgnAccumulator.addOuterRows: expected ${M}·${P} values`);
    for (let m = 0; m < M; m++) {
      const o = m * P;
      if (this.structure === 'diag') {
        for (let i = 0; i < P; i++) this.acc[i] += G[o + i] * G[o + i];
      } else {
        for (let i = 0; i < P; i++) {
          const gi = G[o + i];
          if (gi === 0) continue;
          const row = i * P;
          for (let j = i; j < P; j++) this.acc[row + j] += gi * G[o + j];
        }
      }
    }
  }

  /** Add one example: Jacobian J [C, P] (row c = ∂z_c/∂θ) and its softmax probabilities p [C]. */
  addJacobian(J: ArrayLike<number>, probs: ArrayLike<number>): void {
    const P = this.P,
      C = probs.length;
    if (J.length !== C * P) throw new Error(`GgnAccumulator.addJacobian: expected ${C}·${P} values`);
    // g_c = √p_c (J_c − Jᵀp).
    const jp = new Float64Array(P);
    for (let c = 0; c < C; c++) for (let i = 0; i < P; i++) jp[i] += probs[c] * J[c * P + i];
    const G = new Float64Array(C * P);
    for (let c = 0; c < C; c++) {
      const r = Math.sqrt(Math.max(probs[c], 0));
      for (let i = 0; i < P; i++) G[c * P + i] = r * (J[c * P + i] - jp[i]);
    }
    this.addOuterRows(G, C);
    this.examples++;
  }

  /** Λ: full → symmetric P × P (row-major); diag → its P diagonal values. A copy. */
  precision(): Float64Array {
    if (this.structure === 'diag') return Float64Array.from(this.acc);
    const P = this.P;
    const m = Float64Array.from(this.acc);
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) m[i * P + j] = m[j * P + i];
    return m;
  }
}

export interface EvidencePoint {
  delta: number;
  logMarginal: number;
}

export interface TuneOptions {
  /** log10 δ range of the grid (default −4 … 4) and its number of points (default 33). */
  log10Min?: number;
  log10Max?: number;
  gridPoints?: number;
  /** Golden-section tolerance on ln δ (default 1e-6). */
  tol?: number;
}

export class LaplacePosterior {
  readonly P: number;
  readonly structure: LaplaceStructure;
  readonly thetaMap: Float64Array;
  /** log p(D | θ*), the data log-likelihood at the MAP (only shifts the evidence). */
  readonly logLik: number;
  /** Λ (full P × P or diag P), f64. */
  readonly ggn: Float64Array;
  /** Eigenvalues of Λ (the diagonal for 'diag'), clipped at 0. */
  readonly ggnEigenvalues: Float64Array;
  private readonly thetaSq: number;
  delta = 1;
  /** Lower Cholesky factor of Λ + δI ('full' only), for the current δ. */
  private chol: Float64Array | null = null;

  constructor(ggn: GgnAccumulator, thetaMap: ArrayLike<number>, logLik = 0) {
    if (thetaMap.length !== ggn.P) throw new Error('LaplacePosterior: θ* has the wrong length');
    this.P = ggn.P;
    this.structure = ggn.structure;
    this.thetaMap = Float64Array.from(thetaMap);
    this.logLik = logLik;
    this.ggn = ggn.precision();
    const ev = this.structure === 'full' ? symmetricEigenvalues(this.ggn, this.P) : Float64Array.from(this.ggn);
    for (let i = 0; i < ev.length; i++) ev[i] = Math.max(ev[i], 0); // Λ is PSD; clip round-off.
    this.ggnEigenvalues = ev;
    let sq = 0;
    for (const t of this.thetaMap) sq += t * t;
    this.thetaSq = sq;
  }

  /** log det(Λ + δI). */
  logDetPosteriorPrecision(delta: number): number {
    let s = 0;
    for (const l of this.ggnEigenvalues) s += Math.log(l + delta);
    return s;
  }

  /** The Laplace evidence log p(D | δ) (see the header). */
  logMarginal(delta: number): number {
    return this.logLik - 0.5 * delta * this.thetaSq + 0.5 * this.P * Math.log(delta) - 0.5 * this.logDetPosteriorPrecision(delta);
  }

  /** Maximise the evidence over δ (grid on log10 δ, then golden-section on ln δ); sets and returns δ. */
  tunePriorPrecision(opts: TuneOptions = {}): { delta: number; logMarginal: number; grid: EvidencePoint[] } {
    const lo = opts.log10Min ?? -4,
      hi = opts.log10Max ?? 4,
      n = Math.max(opts.gridPoints ?? 33, 3);
    const grid: EvidencePoint[] = [];
    for (let k = 0; k < n; k++) {
      const delta = 10 ** (lo + ((hi - lo) * k) / (n - 1));
      grid.push({ delta, logMarginal: this.logMarginal(delta) });
    }
    let best = 0;
    for (let k = 1; k < n; k++) if (grid[k].logMarginal > grid[best].logMarginal) best = k;
    const f = (t: number) => -this.logMarginal(Math.exp(t));
    const a = Math.log(grid[Math.max(best - 1, 0)].delta),
      b = Math.log(grid[Math.min(best + 1, n - 1)].delta);
    const t = goldenSectionMin(f, a, b, opts.tol ?? 1e-6);
    const delta = -f(t) >= grid[best].logMarginal ? Math.exp(t) : grid[best].delta;
    this.setPriorPrecision(delta);
    return { delta, logMarginal: this.logMarginal(delta), grid };
  }

  setPriorPrecision(delta: number): void {
    if (!(delta > 0)) throw new Error(`LaplacePosterior: prior precision must be > 0, got ${delta}`);
    this.delta = delta;
    this.chol = null;
  }

  private cholesky(): Float64Array {
    if (!this.chol) {
      const a = Float64Array.from(this.ggn);
      for (let i = 0; i < this.P; i++) a[i * this.P + i] += this.delta;
      this.chol = choleskyInPlace(a, this.P);
    }
    return this.chol;
  }

  /** Posterior covariance (Λ + δI)⁻¹: full P × P, or its P diagonal values for 'diag'. */
  posteriorCovariance(): Float64Array {
    if (this.structure === 'diag') return this.ggn.map((l) => 1 / (l + this.delta));
    return inverseFromCholesky(this.cholesky(), this.P);
  }

  /** θ ~ N(θ*, (Λ + δI)⁻¹): θ* + L⁻ᵀ z (full, Λ + δI = L Lᵀ) or θ* + z / sqrt(Λ_ii + δ) (diag). */
  sample(seed: number, sampleIndex: number, out: Float32Array = new Float32Array(this.P)): Float32Array {
    const z = Float64Array.from(philoxNormal(seed, sampleIndex, new Float32Array(this.P)));
    if (this.structure === 'diag') {
      for (let i = 0; i < this.P; i++) out[i] = this.thetaMap[i] + z[i] / Math.sqrt(this.ggn[i] + this.delta);
    } else {
      solveLowerTransposed(this.cholesky(), this.P, z);
      for (let i = 0; i < this.P; i++) out[i] = this.thetaMap[i] + z[i];
    }
    return out;
  }

  /** Linearized logit covariance J Σ Jᵀ [C, C] for a test Jacobian J [C, P]. */
  linearizedLogitCovariance(J: ArrayLike<number>, C: number): Float64Array {
    const P = this.P;
    if (J.length !== C * P) throw new Error('linearizedLogitCovariance: J has the wrong size');
    const cov = new Float64Array(C * C);
    if (this.structure === 'diag') {
      for (let a = 0; a < C; a++)
        for (let b = 0; b < C; b++) {
          let s = 0;
          for (let i = 0; i < P; i++) s += (J[a * P + i] * J[b * P + i]) / (this.ggn[i] + this.delta);
          cov[a * C + b] = s;
        }
      return cov;
    }
    // Σ = L⁻ᵀ L⁻¹, so J Σ Jᵀ = Xᵀ X with X = L⁻¹ Jᵀ.
    const L = this.cholesky();
    const X: Float64Array[] = [];
    for (let a = 0; a < C; a++)
      X.push(
        solveLower(
          L,
          P,
          Float64Array.from({ length: P }, (_, i) => J[a * P + i]),
        ),
      );
    for (let a = 0; a < C; a++)
      for (let b = 0; b < C; b++) {
        let s = 0;
        for (let i = 0; i < P; i++) s += X[a][i] * X[b][i];
        cov[a * C + b] = s;
      }
    return cov;
  }
}

/** Minimise a unimodal f on [a, b] by golden-section search; returns the argmin. */
export function goldenSectionMin(f: (x: number) => number, a: number, b: number, tol: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a),
    d = a + g * (b - a);
  let fc = f(c),
    fd = f(d);
  while (Math.abs(b - a) > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/**
 * Probit (extended MacKay) approximation of the linearized predictive:
 * p = softmax(z_c / sqrt(1 + π/8 · Σ_cc)). For two classes with logits (0, f) this is the classic
 * σ(f / sqrt(1 + π v / 8)).
 */
export function probitPredictive(logits: ArrayLike<number>, logitCov: ArrayLike<number>): Float64Array {
  const C = logits.length;
  const z = new Float64Array(C);
  for (let c = 0; c < C; c++) z[c] = logits[c] / Math.sqrt(1 + (Math.PI / 8) * logitCov[c * C + c]);
  return softmax(z);
}

/** S draws softmax(z + chol(Σ_z) ε) as [S, C] row-major, ε = philoxNormal(seed, stream, s·C …). */
export function logitSampleProbs(logits: ArrayLike<number>, logitCov: ArrayLike<number>, S: number, seed: number, stream: number): Float64Array {
  const C = logits.length;
  const L = Float64Array.from(logitCov);
  for (let c = 0; c < C; c++) L[c * C + c] += 1e-12; // jitter: logit covariances are often singular (e.g. a constant logit)
  choleskyInPlace(L, C);
  const eps = philoxNormal(seed, stream, new Float32Array(S * C));
  const out = new Float64Array(S * C);
  const z = new Float64Array(C);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < C; a++) {
      let v = logits[a];
      for (let b = 0; b <= a; b++) v += L[a * C + b] * eps[s * C + b];
      z[a] = v;
    }
    out.set(softmax(z), s * C);
  }
  return out;
}

/** Monte-Carlo linearized predictive: the mean of logitSampleProbs over its S draws. */
export function mcLogitPredictive(logits: ArrayLike<number>, logitCov: ArrayLike<number>, S: number, seed: number, stream: number): Float64Array {
  const C = logits.length;
  const q = logitSampleProbs(logits, logitCov, S, seed, stream);
  const p = new Float64Array(C);
  for (let s = 0; s < S; s++) for (let c = 0; c < C; c++) p[c] += q[s * C + c] / S;
  return p;
}

function softmax(z: ArrayLike<number>): Float64Array {
  let mx = -Infinity;
  for (let i = 0; i < z.length; i++) mx = Math.max(mx, z[i]);
  const out = new Float64Array(z.length);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += out[i] = Math.exp(z[i] - mx);
  for (let i = 0; i < z.length; i++) out[i] /= s;
  return out;
}
