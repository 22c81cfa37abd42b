#!/usr/bin/env python3
"""Independent numpy check of src/experiment/paired.ts (issue 12).

Makes fixed inputs (two methods, several seeds, probabilities of a 3-class test set, the second
method better calibrated by construction), computes the paired differences of NLL, ECE (equal
width), ACE (equal mass) and Brier with numpy's own formulas, and the two-level bootstrap
interval with the same mulberry32 draws as the TypeScript, then writes both to
src/experiment/__fixtures__/paired_bootstrap.json. Run: python3 tools/stats/paired_bootstrap.py
"""
import json
import math
import os

import numpy as np

from calibration_ref import ece, mass_edges

NLL_EPS = 1e-9
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'experiment', '__fixtures__', 'paired_bootstrap.json')


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return nxt


def metrics(probs, labels, n_bins):
    conf = probs.max(axis=1)
    pred = probs.argmax(axis=1)
    correct = (pred == labels).astype(float)
    onehot = np.eye(probs.shape[1])[labels]
    return {
        'nll': float(np.mean(-np.log(probs[np.arange(len(labels)), labels] + NLL_EPS))),
        'brier': float(np.mean(((probs - onehot) ** 2).sum(axis=1))),
        'ece': ece(conf, correct, np.linspace(0, 1, n_bins + 1)),
        'ace': ece(conf, correct, mass_edges(conf, n_bins)),
    }


def main():
    rng = np.random.default_rng(12)
    n, C, seeds, n_bins, reps, boot_seed = 120, 3, [0, 1, 2, 3], 10, 200, 7
    labels = rng.integers(0, C, n)
    a, b = [], []
    for s in seeds:
        logits = rng.normal(0, 1, (n, C))
        logits[np.arange(n), labels] += 1.0
        # A: over-confident (sharpened); B: the same logits, milder.
        for target, scale in ((a, 3.0), (b, 1.0)):
            z = logits * scale
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            target.append(np.round(p.astype(np.float64), 6))
    keys = ['nll', 'ece', 'ace', 'brier']
    point = {k: float(np.mean([metrics(a[i], labels, n_bins)[k] - metrics(b[i], labels, n_bins)[k] for i in range(len(seeds))])) for k in keys}
    rand = mulberry32(boot_seed)
    S = len(seeds)
    dist = {k: np.zeros(reps) for k in keys}
    for r in range(reps):
        drawn = [math.floor(rand() * S) for _ in range(S)]
        for s in drawn:
            idx = np.array([math.floor(rand() * n) for _ in range(n)])
            ma, mb = metrics(a[s][idx], labels[idx], n_bins), metrics(b[s][idx], labels[idx], n_bins)
            for k in keys:
                dist[k][r] += (ma[k] - mb[k]) / S
    expected = {k: {'delta': point[k], 'lo': float(np.percentile(dist[k], 2.5)), 'hi': float(np.percentile(dist[k], 97.5))} for k in keys}
    out = {
        'about': 'written by tools/stats/paired_bootstrap.py; checked by src/experiment/paired.test.ts',
        'nClasses': C, 'nBins': n_bins, 'replicates': reps, 'bootstrapSeed': boot_seed, 'seeds': seeds,
        'labels': labels.tolist(), 'a': [p.ravel().tolist() for p in a], 'b': [p.ravel().tolist() for p in b],
        'expected': expected,
    }
    with open(OUT, 'w') as f:
        json.dump(out, f)
    print(json.dumps(expected, indent=1))


if __name__ == '__main__':
    main()
