#!/usr/bin/python3
"""Independent numpy reference values for src/metrics (docs/METHOD.md section 5).

Writes src/metrics/__fixtures__/metrics_golden.json; run with /usr/bin/python3 from the repo root.
Probabilities are generated in float64, rounded to float32 (what the app stores), and every metric
is computed in float64 from those float32 values. Implementations here deliberately differ from
the TypeScript ones: bins by boolean masks, MCC as a covariance of one-hot matrices, AUROC by the
Mann-Whitney U statistic with midranks, AP by scikit-learn's cumulative-sum formula.
"""
import json
import os

import numpy as np

SEED = 20260517
NLL_EPS = 1e-9
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'metrics', '__fixtures__', 'metrics_golden.json')


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def width_edges(b):
    return np.arange(b + 1, dtype=np.float64) / b


def mass_edges(conf, b):
    s = np.sort(conf)
    n = len(s)
    e = np.zeros(b + 1)
    e[b] = 1.0
    for j in range(1, b):
        take = -(-j * n // b)  # ceil(j n / b) in integers
        e[j] = s[take - 1] if take > 0 else 0.0
    return e


def bin_table(conf, correct, edges):
    """Counts, accuracies, confidences per bin with the rule lo < c <= hi (bin 0 also takes c == 0)."""
    b = len(edges) - 1
    rows = []
    for j in range(b):
        m = (conf > edges[j]) & (conf <= edges[j + 1])
        if j == 0:
            m = m | (conf == 0.0)
        cnt = int(m.sum())
        rows.append((cnt, correct[m].mean() if cnt else 0.0, conf[m].mean() if cnt else 0.0))
    return rows


def ece_mce(conf, correct, edges):
    rows = bin_table(conf, correct, edges)
    n = len(conf)
    ece = sum(c * abs(a - f) for c, a, f in rows) / n
    mce = max([abs(a - f) for c, a, f in rows if c > 0], default=0.0)
    return ece, mce, [c for c, _, _ in rows]


def entropy_rows(p):
    with np.errstate(divide='ignore', invalid='ignore'):
        t = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return -t.sum(axis=-1)


def mcc(pred, labels, c):
    x = np.eye(c)[pred]
    y = np.eye(c)[labels]
    xc = x - x.mean(axis=0)
    yc = y - y.mean(axis=0)
    cov_xy = (xc * yc).sum()
    cov_xx = (xc * xc).sum()
    cov_yy = (yc * yc).sum()
    d = np.sqrt(cov_xx * cov_yy)
    return 0.0 if d == 0 else float(cov_xy / d)


def midranks(x):
    order = np.argsort(x, kind='mergesort')
    ranks = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0  # 1-based average rank
        i = j + 1
    return ranks


def auroc_mwu(s_in, s_ood):
    """OOD is positive: U = R_ood - n_ood (n_ood + 1) / 2, AUROC = U / (n_ood n_in)."""
    allv = np.concatenate([s_in, s_ood])
    r = midranks(allv)
    n1, n0 = len(s_ood), len(s_in)
    u = r[n0:].sum() - n1 * (n1 + 1) / 2.0
    return float(u / (n1 * n0))


def average_precision(s_in, s_ood):
    y = np.concatenate([np.zeros(len(s_in)), np.ones(len(s_ood))])
    s = np.concatenate([s_in, s_ood])
    order = np.argsort(-s, kind='mergesort')
    s, y = s[order], y[order]
    distinct = np.where(np.diff(s))[0]
    thr = np.r_[distinct, len(y) - 1]
    tps = np.cumsum(y)[thr]
    fps = 1 + thr - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    recall = np.r_[0.0, recall]
    return float(np.sum(np.diff(recall) * precision))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def tolist(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def make_case(rng, name, n, c, s, n_ood, sharp, onehot_rows=0, dup_rows=0):
    # S posterior samples: shared logits plus per-sample noise; the predictive is their mean.
    base = rng.normal(0, sharp, size=(n, c))
    samples = f32(softmax(base[None] + rng.normal(0, 0.7, size=(s, n, c))))
    probs = f32(samples.astype(np.float64).mean(axis=0))
    for i in range(min(onehot_rows, n)):  # confidence exactly 1.0 must land in the last bin
        probs[i] = 0.0
        probs[i, i % c] = 1.0
    for i in range(min(dup_rows, n - 1)):  # ties in confidence exercise equal-mass edges
        probs[n - 1 - i] = probs[0]
    pred = probs.argmax(axis=1)
    flip = rng.random(n) < 0.3
    labels = np.where(flip, rng.integers(0, c, size=n), pred).astype(np.int64)

    ood_base = rng.normal(0, sharp * 0.5, size=(n_ood, c))
    ood_samples = f32(softmax(ood_base[None] + rng.normal(0, 1.0, size=(s, n_ood, c))))
    ood_probs = f32(ood_samples.astype(np.float64).mean(axis=0))

    p64 = probs.astype(np.float64)
    conf = p64.max(axis=1)
    correct = (pred == labels).astype(np.float64)
    out = {
        'name': name, 'n': n, 'nClasses': c, 'nSamples': s,
        'probs': tolist(probs), 'labels': [int(v) for v in labels],
        'sampleProbs': tolist(samples),
        'oodProbs': tolist(ood_probs), 'oodSampleProbs': tolist(ood_samples),
        'accuracy': float(correct.mean()),
        'nll': float(-np.mean(np.log(p64[np.arange(n), labels] + NLL_EPS))),
        'brier': float(np.mean(np.sum((p64 - np.eye(c)[labels]) ** 2, axis=1))),
        'mcc': mcc(pred, labels, c),
        'ece': {}, 'mce': {}, 'ace': {}, 'counts': {},
    }
    for binning in ('width', 'mass'):
        out['ece'][binning], out['mce'][binning], out['counts'][binning] = {}, {}, {}
        for b in (10, 15, 20):
            edges = width_edges(b) if binning == 'width' else mass_edges(conf, b)
            e, m, counts = ece_mce(conf, correct, edges)
            out['ece'][binning][str(b)] = e
            out['mce'][binning][str(b)] = m
            out['counts'][binning][str(b)] = counts
            if binning == 'mass':
                out['ace'][str(b)] = e

    ent = entropy_rows(p64)
    s64 = samples.astype(np.float64)
    mi = np.maximum(0.0, entropy_rows(s64.mean(axis=0)) - entropy_rows(s64).mean(axis=0))
    o64 = ood_probs.astype(np.float64)
    os64 = ood_samples.astype(np.float64)
    ood_ent = entropy_rows(o64)
    ood_mi = np.maximum(0.0, entropy_rows(os64.mean(axis=0)) - entropy_rows(os64).mean(axis=0))
    out['entropy'] = tolist(ent)
    out['mutualInfo'] = tolist(mi)
    scores = {
        'entropy': (ent, ood_ent),
        'mi': (mi, ood_mi),
        'maxprob': (1.0 - conf, 1.0 - o64.max(axis=1)),
    }
    out['auroc'] = {k: auroc_mwu(a, b) for k, (a, b) in scores.items()}
    out['aupr'] = {k: average_precision(a, b) for k, (a, b) in scores.items()}
    return out


def ranking_case(rng, name, n_in, n_ood, levels):
    """Raw scores with many ties (integers in [0, levels)) to test midranks and tie groups."""
    s_in = rng.integers(0, levels, size=n_in).astype(np.float64)
    s_ood = (rng.integers(0, levels, size=n_ood) + rng.integers(0, 2, size=n_ood)).astype(np.float64)
    return {'name': name, 'in': tolist(s_in), 'ood': tolist(s_ood),
            'auroc': auroc_mwu(s_in, s_ood), 'aupr': average_precision(s_in, s_ood)}


def main():
    rng = np.random.default_rng(SEED)
    cases = [
        make_case(rng, 'n1-binary', 1, 2, 3, 4, 2.0),
        make_case(rng, 'n7-3class-onehot', 7, 3, 4, 5, 2.0, onehot_rows=2),
        make_case(rng, 'n40-binary-ties', 40, 2, 5, 30, 2.5, onehot_rows=3, dup_rows=8),
        make_case(rng, 'n64-5class', 64, 5, 4, 40, 3.0),
        make_case(rng, 'n25-4class-sharp', 25, 4, 3, 25, 6.0, onehot_rows=5, dup_rows=4),
    ]
    ranking = [
        ranking_case(rng, 'ties-3-levels', 30, 20, 3),
        ranking_case(rng, 'ties-10-levels', 50, 35, 10),
        {'name': 'continuous', 'in': tolist(rng.normal(0, 1, 40)), 'ood': tolist(rng.normal(0.8, 1, 25))},
    ]
    c = ranking[2]
    c['auroc'] = auroc_mwu(np.array(c['in']), np.array(c['ood']))
    c['aupr'] = average_precision(np.array(c['in']), np.array(c['ood']))
    doc = {
        'generator': 'tools/golden/metrics_golden.py', 'seed': SEED, 'numpy': np.__version__,
        'cases': cases, 'ranking': ranking,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}: {len(cases)} metric cases, {len(ranking)} ranking cases')


if __name__ == '__main__':
    main()
