"""A cheap downstream probe during pretraining: logistic regression on frozen features.

1,000 SST-2 training sentences (a fixed seeded sample of ../shared/datasets/glue/SST-2/train.tsv)
and the 872 sentences of SST-2 test.tsv (the GLUE dev split; never in the pretraining corpus:
eval_texts.py). Features: the mean of the last hidden states over real tokens, and the pooler
output, each standardised with the training mean/std; L2-regularised logistic regression fitted by
full-batch L-BFGS (deterministic, touches no RNG). Returns dev accuracy per feature. A few seconds.
"""
import os

import numpy as np
import torch

from eval_texts import glue_dir

MAX_LEN = 64
N_TRAIN = 1000
L2 = 1e-2


def _read(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        si, li = header.index('sentence'), header.index('label')
        for line in f:
            r = line.rstrip('\n').split('\t')
            rows.append((r[si], int(r[li])))
    return rows


class Sst2Probe:
    def __init__(self, tok):
        g = glue_dir()
        if g is None:
            raise FileNotFoundError('GLUE SST-2 not found')
        train = _read(os.path.join(g, 'SST-2', 'train.tsv'))
        pick = np.random.Generator(np.random.PCG64(7)).choice(len(train), size=N_TRAIN, replace=False)
        train = [train[i] for i in sorted(pick)]
        dev = _read(os.path.join(g, 'SST-2', 'test.tsv'))
        self.sets = {}
        for name, rows in (('train', train), ('dev', dev)):
            enc = [tok.encode(t, max_length=MAX_LEN, padding=True) for t, _ in rows]
            self.sets[name] = (torch.tensor([e['input_ids'] for e in enc]),
                               torch.tensor([e['attention_mask'] for e in enc]),
                               torch.tensor([y for _, y in rows], dtype=torch.float32))

    @torch.no_grad()
    def features(self, bert, name):
        ids, am, _ = self.sets[name]
        means, pools = [], []
        for i in range(0, ids.shape[0], 128):
            h, pooled = bert(ids[i:i + 128], am[i:i + 128], torch.zeros_like(ids[i:i + 128]))
            m = am[i:i + 128].unsqueeze(-1).float()
            means.append((h * m).sum(1) / m.sum(1))
            pools.append(pooled)
        return {'mean': torch.cat(means), 'pooler': torch.cat(pools)}

    @staticmethod
    def fit_score(xtr, ytr, xte, yte):
        mu, sd = xtr.mean(0), xtr.std(0) + 1e-6
        xtr, xte = (xtr - mu) / sd, (xte - mu) / sd
        w = torch.zeros(xtr.shape[1], requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        opt = torch.optim.LBFGS([w, b], lr=1.0, max_iter=200, line_search_fn='strong_wolfe')

        def closure():
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(xtr @ w + b, ytr) + L2 * (w * w).sum()
            loss.backward()
            return loss
        with torch.enable_grad():
            opt.step(closure)
        with torch.no_grad():
            return float((((xte @ w + b) > 0).float() == yte).float().mean())

    def run(self, bert):
        was_training = bert.training
        bert.eval()
        ftr, fte = self.features(bert, 'train'), self.features(bert, 'dev')
        if was_training:
            bert.train()
        ytr, yte = self.sets['train'][2], self.sets['dev'][2]
        out = {f'probe_sst2_{k}_acc': self.fit_score(ftr[k], ytr, fte[k], yte) for k in ftr}
        out['probe_sst2_majority'] = float(max(yte.mean(), 1 - yte.mean()))
        return out
