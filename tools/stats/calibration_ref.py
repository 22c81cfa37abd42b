"""Reference calibration helpers shared by the fixture scripts in tools/stats (written independently
of src/metrics): ECE over given bin edges, and equal-mass edges as src/metrics/reliability.ts defines them."""

import math

import numpy as np


def ece(conf, correct, edges):
    # Bins (lo, hi]; the first also takes conf = 0 (searchsorted left on the upper edges).
    b = np.clip(np.searchsorted(edges[1:], conf, side='left'), 0, len(edges) - 2)
    total = 0.0
    for k in range(len(edges) - 1):
        m = b == k
        if m.any():
            total += m.sum() * abs(correct[m].mean() - conf[m].mean())
    return total / len(conf)


def mass_edges(conf, n_bins):
    s = np.sort(conf)
    n = len(s)
    e = np.zeros(n_bins + 1)
    e[n_bins] = 1.0
    for b in range(1, n_bins):
        take = math.ceil(b * n / n_bins)
        e[b] = s[take - 1] if take > 0 else 0.0
    return e
