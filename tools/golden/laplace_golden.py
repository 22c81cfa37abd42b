#!/usr/bin/python3
"""Golden values for src/bayes/laplace.ts: Bayesian logistic regression, where the GGN of a
2-class softmax with logits (0, θᵀx) equals the exact Hessian Σ p(1−p) x xᵀ of the NLL.

Independent of the TypeScript: the MAP is found by Newton in torch (f64), Λ is torch's autograd
Hessian, log-dets come from torch.linalg.slogdet, the evidence optimum from a dense log grid plus a
ternary search. Writes src/bayes/__fixtures__/laplace_logreg.json.

Run: /usr/bin/python3 tools/golden/laplace_golden.py
"""
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20251128)

N, D = 60, 3
X = np.concatenate([rng.normal(size=(N, D - 1)), np.ones((N, 1))], axis=1)  # last feature: bias
w_true = np.array([1.5, -2.0, 0.3])
y = (rng.uniform(size=N) < 1 / (1 + np.exp(-X @ w_true))).astype(np.float64)
Xt, yt = torch.tensor(X), torch.tensor(y)
DELTA_MAP = 1.0  # prior precision used to find θ* (weight decay); the evidence is then tuned over δ


def nll(theta):
    z = Xt @ theta
    return (torch.nn.functional.softplus(z) - yt * z).sum()


theta = torch.zeros(D)
for _ in range(50):  # Newton on nll + ½ δ‖θ‖²
    th = theta.clone().requires_grad_(True)
    loss = nll(th) + 0.5 * DELTA_MAP * (th * th).sum()
    g = torch.autograd.grad(loss, th)[0]
    H = torch.autograd.functional.hessian(lambda t: nll(t) + 0.5 * DELTA_MAP * (t * t).sum(), theta)
    theta = theta - torch.linalg.solve(H, g)
theta_map = theta.detach()
log_lik = float(-nll(theta_map))
Lam = torch.autograd.functional.hessian(nll, theta_map)  # exact Hessian of the NLL = GGN here
P = D
sq = float((theta_map * theta_map).sum())


def log_marginal(delta, lam):
    return log_lik - 0.5 * delta * sq + 0.5 * P * math.log(delta) - 0.5 * float(torch.linalg.slogdet(lam + delta * torch.eye(P))[1])


lam_diag = torch.diag(torch.diag(Lam))
deltas = [1e-3, 1e-2, 0.1, 0.5, 1.0, 3.0, 10.0, 100.0]


def argmax_evidence(lam):
    grid = np.logspace(-4, 4, 4001)
    vals = [log_marginal(d, lam) for d in grid]
    k = int(np.argmax(vals))
    lo, hi = math.log(grid[max(k - 1, 0)]), math.log(grid[min(k + 1, len(grid) - 1)])
    for _ in range(200):  # ternary search on ln δ
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if log_marginal(math.exp(m1), lam) < log_marginal(math.exp(m2), lam):
            lo = m1
        else:
            hi = m2
    return math.exp((lo + hi) / 2)


best_full = argmax_evidence(Lam)
best_diag = argmax_evidence(lam_diag)
cov_full = torch.linalg.inv(Lam + best_full * torch.eye(P))
cov_diag = 1 / (torch.diag(Lam) + best_diag)
X_test = np.array([[0.5, -1.0, 1.0], [2.0, 1.0, 1.0], [-1.5, 0.3, 1.0], [0.0, 0.0, 1.0]])
f_test = X_test @ theta_map.numpy()
v_test = np.einsum('ni,ij,nj->n', X_test, cov_full.numpy(), X_test)
probit_p1 = 1 / (1 + np.exp(-f_test / np.sqrt(1 + math.pi * v_test / 8)))

out = {
    'description': 'Bayesian logistic regression; logits (0, θᵀx); Λ = Σ p(1−p) x xᵀ (torch autograd Hessian)',
    'X': X.tolist(), 'y': y.astype(int).tolist(), 'deltaMap': DELTA_MAP,
    'thetaMap': theta_map.tolist(), 'logLik': log_lik, 'ggn': Lam.reshape(-1).tolist(),
    'deltas': deltas,
    'logDetFull': [float(torch.linalg.slogdet(Lam + d * torch.eye(P))[1]) for d in deltas],
    'logMarginalFull': [log_marginal(d, Lam) for d in deltas],
    'logMarginalDiag': [log_marginal(d, lam_diag) for d in deltas],
    'bestDeltaFull': best_full, 'bestDeltaDiag': best_diag,
    'covarianceFull': cov_full.reshape(-1).tolist(), 'covarianceDiag': cov_diag.tolist(),
    'XTest': X_test.tolist(), 'logitVarTest': v_test.tolist(), 'probitP1Test': probit_p1.tolist(),
}
path = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'bayes', '__fixtures__', 'laplace_logreg.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print('wrote', os.path.normpath(path), 'θ* =', theta_map.tolist(), 'δ*full =', best_full, 'δ*diag =', best_diag)
