#!/usr/bin/env python3
"""Independent numpy check of src/experiment/crossed.ts, t_dist.ts and holm.ts (issue 25).

Makes fixed inputs (two methods, several seeds, probabilities of one test set), computes the paired
differences of ACC, NLL, ECE (equal width), ACE (equal mass) and Brier with numpy's own formulas on
explicitly resampled arrays (no counts, no caching), the crossed bootstrap with the same mulberry32
draws as the TypeScript (per replicate: S seed indices, then n example indices shared by every drawn
seed), its basic interval, the t(n - 1) interval and p from the closed-form Student t CDF for integer
degrees of freedom (Abramowitz & Stegun 26.7.3-4; the TypeScript uses the incomplete beta function),
TOST against the margins, and Holm's adjustment, then writes inputs and results to
src/experiment/__fixtures__/crossed_bootstrap.json (or --out PATH). src/experiment/crossed.test.ts runs it and
compares. Run: /usr/bin/python3 tools/stats/crossed_bootstrap.py [--out PATH] [--print]
"""
import json
import math
import os
import sys

import numpy as np

from calibration_ref import ece, mass_edges

NLL_EPS = 1e-9
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'experiment', '__fixtures__', 'crossed_bootstrap.json')
KEYS = ['accuracy', 'nll', 'ece', 'ace', 'brier']


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
        'accuracy': float(correct.mean()),
        'nll': float(np.mean(-np.log(probs[np.arange(len(labels)), labels] + NLL_EPS))),
        'brier': float(np.mean(((probs - onehot) ** 2).sum(axis=1))),
        'ece': ece(conf, correct, np.linspace(0, 1, n_bins + 1)),
        'ace': ece(conf, correct, mass_edges(conf, n_bins)),
    }


def t_abs_cdf(t, df):
    """P(|T| <= t) for integer df: A & S 26.7.3 (odd df) and 26.7.4 (even df)."""
    th = math.atan(abs(t) / math.sqrt(df))
    c2 = math.cos(th) ** 2
    if df % 2 == 1:
        s, term = 0.0, 1.0
        if df > 1:
            s = 1.0
            for k in range(1, (df - 3) // 2 + 1):
                term *= c2 * (2 * k) / (2 * k + 1)
                s += term
            return 2 / math.pi * (th + math.sin(th) * math.cos(th) * s)
        return 2 / math.pi * th
    s, term = 1.0, 1.0
    for k in range(1, (df - 2) // 2 + 1):
        term *= c2 * (2 * k - 1) / (2 * k)
        s += term
    return math.sin(th) * s


def t_cdf(t, df):
    a = t_abs_cdf(t, df)
    return 0.5 + a / 2 if t >= 0 else 0.5 - a / 2


def t_quantile(p, df):
    lo, hi = -1e4, 1e4
    for _ in range(300):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def holm(ps):
    m = len(ps)
    order = np.argsort(ps, kind='stable')
    out = np.zeros(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out.tolist()


def make_inputs(rng, n, C, seeds):
    labels = rng.integers(0, C, n)
    a, b = [], []
    for _ in seeds:
        logits = rng.normal(0, 1, (n, C))
        logits[np.arange(n), labels] += 1.0
        # A: over-confident (sharpened); B: the same logits, milder; a little noise so that the
        # seeds differ in their differences, and noise on A's logits so that the accuracies differ.
        for target, scale, noise in ((a, 2.0 + rng.uniform(0, 1), 0.6), (b, 1.0, 0.0)):
            z = (logits + rng.normal(0, noise, (n, C))) * scale
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            target.append(np.round(p.astype(np.float64), 6))
    return labels, a, b


def case(name, rng, n, C, seeds, n_bins, reps, boot_seed, level, margins):
    labels, a, b = make_inputs(rng, n, C, seeds)
    S = len(seeds)
    per_seed = {k: [metrics(a[i], labels, n_bins)[k] - metrics(b[i], labels, n_bins)[k] for i in range(S)] for k in KEYS}
    point = {k: float(np.mean(per_seed[k])) for k in KEYS}
    rand = mulberry32(boot_seed)
    dist = {k: np.zeros(reps) for k in KEYS}
    for r in range(reps):
        drawn = [math.floor(rand() * S) for _ in range(S)]
        idx = np.array([math.floor(rand() * n) for _ in range(n)])
        for s in drawn:
            ma, mb = metrics(a[s][idx], labels[idx], n_bins), metrics(b[s][idx], labels[idx], n_bins)
            for k in KEYS:
                dist[k][r] += (ma[k] - mb[k]) / S
    df = S - 1
    q, qe = t_quantile(1 - (1 - level) / 2, df), t_quantile(level, df)
    expected = {}
    for k in KEYS:
        d = point[k]
        al = (1 - level) / 2
        boot = [2 * d - float(np.percentile(dist[k], 100 * (1 - al))), 2 * d - float(np.percentile(dist[k], 100 * al))]
        ae = 1 - level
        boot_eq = [2 * d - float(np.percentile(dist[k], 100 * (1 - ae))), 2 * d - float(np.percentile(dist[k], 100 * ae))]
        se = float(np.std(per_seed[k], ddof=1)) / math.sqrt(S)
        p = 2 * t_cdf(-abs(d / se), df)
        m = margins[k]
        p_eq = max(t_cdf((d - m) / se, df), 1 - t_cdf((d + m) / se, df))
        expected[k] = {
            'delta': d, 'boot': boot, 't': [d - q * se, d + q * se], 'tP': p,
            'bootEquiv': boot_eq, 'tEquiv': [d - qe * se, d + qe * se], 'tEquivP': p_eq,
        }
    ps = [expected[k]['tP'] for k in KEYS]
    return {
        'name': name, 'nClasses': C, 'nBins': n_bins, 'replicates': reps, 'bootstrapSeed': boot_seed, 'level': level,
        'margins': margins, 'seeds': seeds, 'labels': labels.tolist(),
        'a': [p.ravel().tolist() for p in a], 'b': [p.ravel().tolist() for p in b],
        'expected': expected, 'holm': holm(ps),
    }


def main():
    rng = np.random.default_rng(25)
    margins = {'accuracy': 0.01, 'nll': 0.01, 'ece': 0.01, 'ace': 0.01, 'brier': 0.01}
    cases = [
        case('3 classes, 4 seeds', rng, 120, 3, [0, 1, 2, 3], 10, 200, 7, 0.95, margins),
        case('2 classes, 6 seeds, 90 %', rng, 90, 2, [3, 5, 8, 13, 21, 34], 15, 150, 11, 0.9, {**margins, 'accuracy': 0.05}),
    ]
    # The t distribution on its own: quantiles and CDF values for the degrees of freedom reports use.
    tdist = [{'df': df, 'p': p, 'q': t_quantile(p, df), 'cdfAt1.5': t_cdf(1.5, df)} for df in (1, 2, 3, 5, 8) for p in (0.95, 0.975)]
    hp = [0.01, 0.04, 0.03, 0.2, 0.005, float('nan')]
    out = {
        'about': 'written by tools/stats/crossed_bootstrap.py; checked by src/experiment/crossed.test.ts',
        'cases': cases, 'tdist': tdist,
        'holmInput': [0.01, 0.04, 0.03, 0.2, 0.005, None], 'holmExpected': holm([1.0 if math.isnan(x) else x for x in hp]),
    }
    out_path = sys.argv[sys.argv.index('--out') + 1] if '--out' in sys.argv else OUT
    with open(out_path, 'w') as f:
        json.dump(out, f)
    if '--print' in sys.argv:
        print(json.dumps({c['name']: c['expected'] for c in cases}, indent=1))
        print(json.dumps(tdist, indent=1))


if __name__ == '__main__':
    main()
