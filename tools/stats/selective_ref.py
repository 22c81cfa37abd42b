#!/usr/bin/env python3
"""Independent numpy check of selective prediction and the extra calibration views (issue 26):
src/metrics/selective.ts, classwise_ece.ts and smooth_ece.ts.

Written from the definitions, not from the TypeScript:
- risk at coverage k/n, via the threshold view: the k-th highest confidence c, every example above c
  accepted, the tie group at c counted pro rata ((k - #above) of its m examples, e of them wrong);
- AURC = np.trapz(risk, k/n) / (1 - 1/n) (torch-uncertainty's normalised trapezoid), its percentile
  bootstrap over resampled example arrays (indices from the numpy Philox of bootstrap_ci.py);
- coverage and accuracy at a threshold from a boolean mask;
- class-wise ECE from calibration_ref.ece over each class's one-vs-rest problem;
- smECE as relplot computes it: the mirrored grid convolved by np.convolve(..., 'valid'), the
  bisection for the width; the smoothed curve and its band by smoothing each resampled array.
Writes inputs and expected values as JSON. Run: python3 tools/stats/selective_ref.py --out FILE
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from bootstrap_ci import STREAM, uniforms  # noqa: E402
from calibration_ref import ece, mass_edges  # noqa: E402


# ---------------------------------------------------------------- selective prediction
def risks(conf, err):
    n = len(conf)
    out = np.empty(n)
    desc = np.sort(conf)[::-1]
    for k in range(1, n + 1):
        c = desc[k - 1]
        above = conf > c
        at = conf == c
        taken = k - above.sum()
        out[k - 1] = (err[above].sum() + taken * err[at].sum() / at.sum()) / k
    return out


def aurc(conf, err):
    n = len(conf)
    if n < 2:
        return float('nan')
    cov = np.arange(1, n + 1) / n
    return float(np.trapz(risks(conf, err), cov) / (1 - 1 / n))


def aurc_interval(conf, err, reps, seed, level):
    n = len(conf)
    draws = []
    for r in range(reps):
        idx = np.floor(uniforms(seed, STREAM, r * n, n) * n).astype(np.int64)
        draws.append(aurc(conf[idx], err[idx]))
    q = 100 * (1 - level) / 2
    return [float(np.percentile(draws, q)), float(np.percentile(draws, 100 - q))]


def at_threshold(conf, err, tau):
    keep = conf >= tau
    acc = float((1 - err[keep]).mean()) if keep.any() else None
    return {'threshold': tau, 'accepted': int(keep.sum()), 'coverage': float(keep.mean()), 'accuracy': acc}


# ---------------------------------------------------------------- class-wise ECE
def classwise_ece(probs, labels, n_bins, binning):
    per = []
    for j in range(probs.shape[1]):
        p = probs[:, j]
        hit = (labels == j).astype(float)
        edges = mass_edges(p, n_bins) if binning == 'mass' else np.arange(n_bins + 1) / n_bins
        per.append(ece(p, hit, edges))
    return float(np.mean(per)), [float(x) for x in per]


# ---------------------------------------------------------------- smooth ECE (relplot)
def py_grid(n_points):
    return np.linspace(0, 1, n_points)


def spread(f, w, m):
    """Each weight split linearly between the two grid points i/(m-1) around f."""
    v = np.zeros(m)
    pos = f * (m - 1)
    b = np.clip(pos.astype(int), 0, m - 2)
    np.add.at(v, b, (1 - (pos - b)) * w)
    np.add.at(v, b + 1, (pos - b) * w)
    return v


def smooth_sum(f, w, sigma, x):
    """Sum_i w_i K(x - f_i), reflected at 0 and 1, on relplot's grid, read back linearly at x."""
    m = max(2000, round(20 / sigma)) // 2 + 1
    g = py_grid(m)
    kern = np.exp(-(g - 0.5) * (g - 0.5) / (2 * sigma**2)) / (np.sqrt(2 * np.pi) * sigma)
    v = spread(f, w, m)
    mirrored = np.concatenate([v[::-1][:-1], v, v[::-1][1:]])
    full = np.convolve(mirrored, kern, 'valid')[m // 2: m // 2 + m]
    a = np.clip((x * (m - 1)).astype(int), 0, m - 2)
    frac = (x - a / (m - 1)) * (m - 1)
    return full[a] * (1 - frac) + full[a + 1] * frac


def sm_ece_at(f, y, sigma):
    x = py_grid(max(round(10 / sigma), 200))
    dens = smooth_sum(f, np.ones_like(f), sigma, x) + 1e-4
    r = smooth_sum(f, f - y, sigma, x) / dens
    return float(np.sum(np.abs(r) * dens) / np.sum(dens))


def sm_ece(f, y):
    good = lambda s: s < 0.001 or s < sm_ece_at(f, y, s)  # noqa: E731
    hi, lo = 1.0, 0.0
    if not good(hi):
        for _ in range(10):
            mid = (hi + lo) / 2
            if good(mid):
                lo = mid
            else:
                hi = mid
    return sm_ece_at(f, y, hi), hi


def smooth_curve(f, y, sigma, mesh):
    return smooth_sum(f, y - f, sigma, mesh) / (smooth_sum(f, np.ones_like(f), sigma, mesh) + 1e-4) + mesh


def smooth_band(f, y, sigma, mesh, reps, seed, level):
    n = len(f)
    curves = []
    for r in range(reps):
        idx = np.floor(uniforms(seed, STREAM, r * n, n) * n).astype(np.int64)
        curves.append(smooth_curve(f[idx], y[idx], sigma, mesh))
    q = 100 * (1 - level) / 2
    c = np.array(curves)
    return np.percentile(c, q, axis=0), np.percentile(c, 100 - q, axis=0)


# ---------------------------------------------------------------- fixtures
def softmax_probs(rng, n, C, sharpen):
    labels = rng.integers(0, C, n)
    logits = rng.normal(0, 1, (n, C))
    logits[np.arange(n), labels] += 1.2
    z = np.exp(sharpen * logits)
    return (z / z.sum(axis=1, keepdims=True)).astype(np.float32), labels


def two_class(conf, labels_correct):
    probs = np.stack([conf, 1 - conf], axis=1).astype(np.float32)
    labels = np.where(labels_correct, 0, 1)
    return probs, labels


def case(name, probs, labels, n_bins=10, reps=200, band_reps=40, seed=13, level=0.95):
    probs = probs.astype(np.float32)
    p64 = probs.astype(np.float64)
    conf = p64.max(axis=1)
    err = (p64.argmax(axis=1) != labels).astype(float)
    lo = 1 / probs.shape[1]
    taus = [lo, float(np.median(conf)), 0.7, 0.9, 1.0]
    smece, sigma = sm_ece(conf, 1 - err)
    mesh = py_grid(200)
    lower, upper = smooth_band(conf, 1 - err, sigma, mesh, band_reps, seed, level)
    return {
        'name': name,
        'nClasses': int(probs.shape[1]),
        'nBins': n_bins,
        'replicates': reps,
        'bandReplicates': band_reps,
        'seed': seed,
        'level': level,
        'probs': [float(x) for x in probs.ravel()],
        'labels': [int(x) for x in labels],
        'risk': [float(x) for x in risks(conf, err)],
        'aurc': aurc(conf, err),
        'aurcInterval': aurc_interval(conf, err, reps, seed, level),
        'thresholds': [at_threshold(conf, err, t) for t in taus],
        'classwise': {b: dict(zip(['value', 'perClass'], classwise_ece(p64, labels, n_bins, b))) for b in ['width', 'mass']},
        'smece': smece,
        'sigma': sigma,
        'smeceAtFixed': {'0.05': sm_ece_at(conf, 1 - err, 0.05), '0.3': sm_ece_at(conf, 1 - err, 0.3)},
        'mu': [float(x) for x in smooth_curve(conf, 1 - err, sigma, mesh)],
        'lower': [float(x) for x in lower],
        'upper': [float(x) for x in upper],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    rng = np.random.default_rng(26)
    cases = []
    p, y = softmax_probs(rng, 240, 2, 2.0)
    cases.append(case('binary, random', p, y))
    p, y = softmax_probs(rng, 150, 3, 1.0)
    cases.append(case('3 classes, random, equal-mass bins too', p, y, n_bins=15))
    # Confidences on a 0.1 grid: large tie groups, and correct and wrong examples within a group.
    conf = np.round(rng.uniform(0.5, 1.0, 120) * 10) / 10
    p, y = two_class(conf, rng.uniform(size=120) < conf)
    cases.append(case('binary, ties on a 0.1 grid', p, y))
    conf = rng.uniform(0.55, 1.0, 80)
    p, y = two_class(conf, np.ones(80, bool))
    cases.append(case('perfect classifier', p, y))
    p, y = two_class(conf, np.zeros(80, bool))
    cases.append(case('always wrong', p, y))
    with open(args.out, 'w') as fh:
        json.dump({'generator': 'tools/stats/selective_ref.py', 'cases': cases}, fh)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
