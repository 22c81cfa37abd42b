// Smooth ECE (Błasiok & Nakkiran 2023, "Smooth ECE: principled reliability diagrams via kernel
// smoothing"), reproducing relplot's `smECE` (apple/ml-calibration, src/relplot/metrics.py and
// kernels.py) on top-label confidences f and correctness y:
// - Residuals r_i = f_i − y_i are smoothed by Nadaraya–Watson with a Gaussian kernel of width σ,
//   reflected at 0 and 1: the data are spread linearly onto a grid of M = ⌊max(2000, round(20/σ))/2⌋ + 1
//   points i/(M−1), the grid is extended by its mirror images about its two end points, convolved
//   with the kernel sampled on the grid (K(t_j − ½)/(√(2π)σ), unscaled by the spacing) and read back
//   by linear interpolation. r̂(t) = Σ K r / (Σ K + 10⁻⁴).
// - smECE(σ) = Σ_t |r̂(t)| ρ(t) / Σ_t ρ(t) over max(round(10/σ), 200) points t = linspace(0, 1),
//   ρ = Σ K + 10⁻⁴ the (unnormalised) density.
// - σ is relplot's fixed point σ* = smECE(σ*): 1 when smECE(1) > 1, else 10 bisection steps on
//   (0, 1] for the predicate σ < 0.001 or σ < smECE(σ), returning the upper end (smECE(σ) ≤ σ there);
//   the reported value is smECE(σ*). Python's round (half to even) is kept for the grid sizes.
// The smoothed reliability curve is relplot's too: μ(t) = t + (smoothed y − f)(t) at σ*, on 200
// mesh points. Its band is ours: the 2.5 and 97.5 percentiles over 200 bootstrap resamples of the
// test examples (bootstrap_ci.ts's Philox draws), each smoothed at the same σ* (relplot bags 200
// resamples the same way but draws them with numpy). tools/stats/selective_ref.py recomputes
// everything with numpy's convolution of the mirrored grid.
import { percentileSorted, resampleIndices, BOOTSTRAP_SEED } from './bootstrap_ci';

const DENSITY_EPS = 1e-4;
const EPS_SIGMA = 0.001;
export const SMOOTH_MESH_POINTS = 200;
export const SMOOTH_BAND_REPLICATES = 200;

/** Python's round() for x ≥ 0: halves go to the even neighbour. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  if (x - f === 0.5) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

/** numpy.linspace(0, 1, m). */
function linspace01(m: number): Float64Array {
  const t = new Float64Array(m);
  const step = 1 / (m - 1);
  for (let j = 0; j < m; j++) t[j] = j * step;
  if (m > 1) t[m - 1] = 1;
  return t;
}

/** The kernel sampled on an M-point grid and the range of its nonzero values (exp underflows to 0 beyond ~38σ). */
interface Grid {
  m: number;
  ker: Float64Array;
  lo: number;
  hi: number;
}

function gridFor(sigma: number): Grid {
  const m = Math.floor(Math.max(2000, pyRound(20 / sigma)) / 2) + 1;
  const t = linspace01(m);
  const ker = new Float64Array(m);
  const variance = sigma ** 2;
  const norm = Math.sqrt(2 * Math.PI) * sigma;
  let lo = m,
    hi = -1;
  for (let j = 0; j < m; j++) {
    ker[j] = Math.exp((-(t[j] - 0.5) * (t[j] - 0.5)) / (2 * variance)) / norm;
    if (ker[j] !== 0) {
      lo = Math.min(lo, j);
      hi = j;
    }
  }
  return { m, ker, lo, hi };
}

/** Index into the grid of position q of the mirrored extension (reflection about the end points). */
function reflect(q: number, m: number): number {
  if (q < 0) return -q;
  if (q > m - 1) return 2 * (m - 1) - q;
  return q;
}

/** Kernel-smoothed weights w at f, on the grid, evaluated at xEval (relplot's GaussianKernel.apply with reflection). */
function smoothAt(g: Grid, f: ArrayLike<number>, w: ArrayLike<number>, xEval: Float64Array): Float64Array {
  const m = g.m;
  const values = new Float64Array(m);
  for (let i = 0; i < f.length; i++) {
    const pos = f[i] * (m - 1);
    const b = Math.min(Math.max(Math.trunc(pos), 0), m - 2);
    const frac = pos - b;
    values[b] += (1 - frac) * w[i];
    values[b + 1] += frac * w[i];
  }
  // The grid mirrored about its two end points (relplot's extension), then the 'valid' part of the
  // convolution that lines up with the grid: smoothed[jp] = Σ_j ker[j] · ext[⌊m/2⌋ + jp + m − 1 − j].
  const ext = new Float64Array(3 * m - 2);
  for (let p = 0; p < ext.length; p++) ext[p] = values[reflect(p - (m - 1), m)];
  const half = Math.floor(m / 2);
  const smoothed = new Float64Array(m);
  for (let jp = 0; jp < m; jp++) {
    const base = half + jp + m - 1;
    let s = 0;
    for (let j = g.lo; j <= g.hi; j++) s += g.ker[j] * ext[base - j];
    smoothed[jp] = s;
  }
  const out = new Float64Array(xEval.length);
  const size = 1 / (m - 1);
  for (let e = 0; e < xEval.length; e++) {
    const a = Math.min(Math.max(Math.trunc(xEval[e] * (m - 1)), 0), m - 2);
    const res = (xEval[e] - a * size) / size;
    out[e] = smoothed[a] * (1 - res) + smoothed[a + 1] * res;
  }
  return out;
}

function residuals(f: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const r = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) r[i] = f[i] - y[i];
  return r;
}

/** smECE at a fixed kernel width σ (relplot's smooth_ece). */
export function smoothEceAt(f: ArrayLike<number>, y: ArrayLike<number>, sigma: number): number {
  const g = gridFor(sigma);
  const t = linspace01(Math.max(pyRound(10 / sigma), SMOOTH_MESH_POINTS));
  const num = smoothAt(g, f, residuals(f, y), t);
  const den = smoothAt(g, f, new Float64Array(f.length).fill(1), t);
  let top = 0,
    bottom = 0;
  for (let e = 0; e < t.length; e++) {
    const dens = den[e] + DENSITY_EPS;
    top += Math.abs(num[e] / dens) * dens;
    bottom += dens;
  }
  return top / bottom;
}

/** smECE with relplot's choice of σ (the fixed point σ = smECE(σ)); NaN for no examples. */
export function smoothEce(f: ArrayLike<number>, y: ArrayLike<number>): { value: number; sigma: number } {
  if (f.length === 0) return { value: Number.NaN, sigma: Number.NaN };
  const ok = (s: number) => s < EPS_SIGMA || s < smoothEceAt(f, y, s);
  let sigma = 1;
  if (!ok(1)) {
    let end = 0;
    for (let i = 0; i < 10; i++) {
      const mid = (sigma + end) / 2;
      if (ok(mid)) end = mid;
      else sigma = mid;
    }
  }
  return { value: smoothEceAt(f, y, sigma), sigma };
}

export interface SmoothReliability {
  smece: number;
  sigma: number;
  /** SMOOTH_MESH_POINTS points on [0, 1]. */
  mesh: number[];
  /** Smoothed accuracy at each mesh point (relplot's μ). */
  mu: number[];
  /** Pointwise 95 % (or `level`) bootstrap band of μ. */
  lower: number[];
  upper: number[];
  /**
   * Σ_i K(t − f_i) at each mesh point (unnormalised). relplot's kernel spans only ±½ on its grid, so
   * far from every confidence this is 0 and μ falls back to the diagonal: charts fade μ there.
   */
  density: number[];
}

/**
 * Each example's contribution to the smoothed sums at the mesh (its linear spread onto two grid
 * points, the reflected kernel, the linear read-back): the band's replicates are then weighted sums.
 */
function responses(g: Grid, f: ArrayLike<number>, mesh: Float64Array): Float64Array {
  const m = g.m,
    half = Math.floor(m / 2),
    size = 1 / (m - 1);
  // Smoothed value at grid node jp of a unit weight at grid node q: the kernel taps that land on q.
  const tap = (jp: number, q: number) => {
    let s = 0;
    const at = (j: number) => (j >= 0 && j < m ? g.ker[j] : 0);
    s += at(half + jp - q);
    if (q > 0) s += at(half + jp + q);
    if (q < m - 1) s += at(half + jp + q - 2 * (m - 1));
    return s;
  };
  const out = new Float64Array(f.length * mesh.length);
  const nodeA = new Int32Array(mesh.length),
    nodeRes = new Float64Array(mesh.length);
  for (let e = 0; e < mesh.length; e++) {
    nodeA[e] = Math.min(Math.max(Math.trunc(mesh[e] * (m - 1)), 0), m - 2);
    nodeRes[e] = (mesh[e] - nodeA[e] * size) / size;
  }
  for (let i = 0; i < f.length; i++) {
    const pos = f[i] * (m - 1);
    const b = Math.min(Math.max(Math.trunc(pos), 0), m - 2);
    const frac = pos - b;
    for (let e = 0; e < mesh.length; e++) {
      const a = nodeA[e],
        res = nodeRes[e];
      const atB = tap(a, b) * (1 - res) + tap(a + 1, b) * res;
      const atB1 = tap(a, b + 1) * (1 - res) + tap(a + 1, b + 1) * res;
      out[i * mesh.length + e] = (1 - frac) * atB + frac * atB1;
    }
  }
  return out;
}

export interface SmoothOptions {
  replicates?: number;
  level?: number;
  seed?: number;
}

/** smECE, σ*, relplot's smoothed reliability curve and its bootstrap band; NaN values for no examples. */
export function smoothReliability(f: ArrayLike<number>, y: ArrayLike<number>, opts: SmoothOptions = {}): SmoothReliability {
  const n = f.length;
  const mesh = linspace01(SMOOTH_MESH_POINTS);
  const { value: smece, sigma } = smoothEce(f, y);
  if (n === 0) {
    const nan = Array.from(mesh, () => Number.NaN);
    return { smece, sigma, mesh: Array.from(mesh), mu: nan, lower: nan, upper: nan, density: nan };
  }
  const g = gridFor(sigma);
  const yMinusF = new Float64Array(n);
  for (let i = 0; i < n; i++) yMinusF[i] = y[i] - f[i];
  const num = smoothAt(g, f, yMinusF, mesh);
  const den = smoothAt(g, f, new Float64Array(n).fill(1), mesh);
  const mu = Array.from(mesh, (t, e) => num[e] / (den[e] + DENSITY_EPS) + t);

  const reps = opts.replicates ?? SMOOTH_BAND_REPLICATES;
  const level = opts.level ?? 0.95;
  const seed = opts.seed ?? BOOTSTRAP_SEED;
  const resp = responses(g, f, mesh);
  const P = mesh.length;
  const curves = Array.from({ length: P }, () => new Float64Array(reps));
  const u = new Float32Array(n),
    idx = new Int32Array(n),
    count = new Float64Array(n),
    sNum = new Float64Array(P),
    sDen = new Float64Array(P);
  for (let r = 0; r < reps; r++) {
    resampleIndices(seed, r, n, u, idx);
    sNum.fill(0);
    sDen.fill(0);
    count.fill(0);
    for (let j = 0; j < n; j++) count[idx[j]] += 1;
    // Each drawn example once, weighted by how often it was drawn (about 63 % of them are).
    for (let i = 0; i < n; i++) {
      const c = count[i];
      if (c === 0) continue;
      const row = i * P,
        w = c * yMinusF[i];
      for (let e = 0; e < P; e++) {
        sNum[e] += w * resp[row + e];
        sDen[e] += c * resp[row + e];
      }
    }
    for (let e = 0; e < P; e++) curves[e][r] = sNum[e] / (sDen[e] + DENSITY_EPS) + mesh[e];
  }
  const q = (1 - level) / 2;
  const lower: number[] = [],
    upper: number[] = [];
  for (const c of curves) {
    c.sort();
    lower.push(percentileSorted(c, q));
    upper.push(percentileSorted(c, 1 - q));
  }
  return { smece, sigma, mesh: Array.from(mesh), mu, lower, upper, density: Array.from(den) };
}
