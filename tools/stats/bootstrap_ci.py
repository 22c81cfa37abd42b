#!/usr/bin/env python3
"""Independent numpy check of src/metrics/bootstrap_ci.ts (issue 13).

Makes fixed inputs (a 2-class and a 3-class test set with float32 probabilities), computes the
percentile bootstrap intervals of accuracy, ECE (equal width and equal mass), NLL and Brier with
numpy's own formulas and np.percentile, drawing the resampled indices with a numpy
reimplementation of Philox4x32-10 (the contract of src/rng/philox.ts), and writes inputs and
intervals to src/metrics/__fixtures__/bootstrap_ci.json. Run: python3 tools/stats/bootstrap_ci.py
"""
import json
import os

import numpy as np

from calibration_ref import ece, mass_edges

NLL_EPS = 1e-9
STREAM = 0xB007
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'metrics', '__fixtures__', 'bootstrap_ci.json')
M32 = np.uint64(0xFFFFFFFF)


def philox_blocks(counters, k0, k1):
    """Philox4x32-10 on counters [c, 0, 0, 0] for every c in `counters`: words (4, len)."""
    x0 = counters.astype(np.uint64)
    x1 = np.zeros_like(x0)
    x2 = np.zeros_like(x0)
    x3 = np.zeros_like(x0)
    key0, key1 = k0 & 0xFFFFFFFF, k1 & 0xFFFFFFFF
    for _ in range(10):
        p0 = np.uint64(0xD2511F53) * x0
        p1 = np.uint64(0xCD9E8D57) * x2
        hi0, lo0 = p0 >> np.uint64(32), p0 & M32
        hi1, lo1 = p1 >> np.uint64(32), p1 & M32
        x0, x1, x2, x3 = hi1 ^ x1 ^ np.uint64(key0), lo1, hi0 ^ x3 ^ np.uint64(key1), lo0
        key0 = (key0 + 0x9E3779B9) & 0xFFFFFFFF
        key1 = (key1 + 0xBB67AE85) & 0xFFFFFFFF
    return np.stack([x0, x1, x2, x3])


def uniforms(seed, stream, start, count):
    i = np.arange(start, start + count, dtype=np.int64)
    words = philox_blocks(i // 4, seed, stream)
    w = words[i % 4, np.arange(count)]
    return (w >> np.uint64(8)).astype(np.float64) * 2.0**-24


def metrics(probs, labels, n_bins):
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(float)
    onehot = np.eye(probs.shape[1])[labels]
    return {
        'acc': float(correct.mean()),
        'nll': float(np.mean(-np.log(probs[np.arange(len(labels)), labels] + NLL_EPS))),
        'brier': float(np.mean(((probs - onehot) ** 2).sum(axis=1))),
        'ece_width': ece(conf, correct, np.arange(n_bins + 1) / n_bins),
        'ece_mass': ece(conf, correct, mass_edges(conf, n_bins)),
    }


def intervals(probs, labels, n_bins, reps, seed, level):
    n = len(labels)
    draws = {k: [] for k in ['acc', 'nll', 'brier', 'ece_width', 'ece_mass']}
    for r in range(reps):
        idx = np.floor(uniforms(seed, STREAM, r * n, n) * n).astype(np.int64)
        for k, v in metrics(probs[idx], labels[idx], n_bins).items():
            draws[k].append(v)
    q = 100 * (1 - level) / 2
    return {k: [float(np.percentile(v, q)), float(np.percentile(v, 100 - q))] for k, v in draws.items()}


def case(name, rng, n, C, sharpen, n_bins, reps, seed, level=0.95):
    labels = rng.integers(0, C, n)
    logits = rng.normal(0, 1, (n, C))
    logits[np.arange(n), labels] += 1.2
    z = np.exp(sharpen * logits)
    probs = (z / z.sum(axis=1, keepdims=True)).astype(np.float32)
    p64 = probs.astype(np.float64)
    return {
        'name': name,
        'n': n,
        'nClasses': C,
        'nBins': n_bins,
        'replicates': reps,
        'seed': seed,
        'level': level,
        'probs': [float(x) for x in probs.ravel()],
        'labels': [int(x) for x in labels],
        'point': metrics(p64, labels, n_bins),
        'firstIndices': [int(x) for x in np.floor(uniforms(seed, STREAM, 0, n) * n).astype(np.int64)[:16]],
        'intervals': intervals(p64, labels, n_bins, reps, seed, level),
    }


def main():
    rng = np.random.default_rng(13)
    cases = [
        case('binary, over-confident', rng, 300, 2, 2.5, 15, 400, 13),
        case('3 classes, 90 % level', rng, 157, 3, 1.0, 10, 300, 7, 0.9),
    ]
    with open(OUT, 'w') as f:
        json.dump({'generator': 'tools/stats/bootstrap_ci.py', 'stream': STREAM, 'cases': cases}, f)
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
