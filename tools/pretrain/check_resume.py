"""Check that a resumed pretraining run is bit for bit the run that was never interrupted.

    /usr/bin/python3 tools/pretrain/check_resume.py [--data /root/blora-pretrain/corpus] [--steps 8]

Runs pretrain_run.py three times in a temporary folder with tiny settings (batch 8, 16 held-out
sequences, no probe): run A for --steps steps straight; run B stopped at steps/2 (--stop-at), then
the same command again, which resumes from B's checkpoint. The warm-up and the start of the decay
fall on either side of the stop. Then every tensor of A's and B's final checkpoints (weights, SOP
head, AdamW moments and step counts, masking generator, torch RNG) and the numpy / Python RNG states
must be equal bit for bit, as must the logged training losses. Exit status 0 when they are.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, 'pretrain_run.py')


def flatten(obj, prefix=''):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from flatten(v, f'{prefix}{k}.')
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from flatten(v, f'{prefix}{i}.')
    else:
        yield prefix.rstrip('.'), obj


def equal(a, b):
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and a.shape == b.shape and \
            a.contiguous().numpy().tobytes() == b.contiguous().numpy().tobytes()
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    return a == b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/root/blora-pretrain/corpus')
    ap.add_argument('--steps', type=int, default=8)
    ap.add_argument('--threads', type=int, default=1)
    args = ap.parse_args()
    n, half = args.steps, args.steps // 2
    with tempfile.TemporaryDirectory() as tmp:
        common = [sys.executable, RUN, '--runs', tmp, '--data', args.data, '--steps', str(n), '--batch', '8',
                  '--heldout-seqs', '16', '--probe-every', '0', '--eval-every', str(half), '--log-every', '1',
                  '--warmup-steps', str(max(1, half - 1)), '--decay-steps', str(max(1, half - 1)),
                  '--threads', str(args.threads)]
        subprocess.run(common + ['--run-name', 'straight'], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(common + ['--run-name', 'resumed', '--stop-at', str(half)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(common + ['--run-name', 'resumed'], check=True, stdout=subprocess.DEVNULL)
        a = torch.load(os.path.join(tmp, 'straight', f'ckpt-{n}.pt'))
        b = torch.load(os.path.join(tmp, 'resumed', f'ckpt-{n}.pt'))
        logs = {}
        for name in ('straight', 'resumed'):
            with open(os.path.join(tmp, name, 'log.jsonl')) as f:
                recs = [json.loads(l) for l in f]
            logs[name] = [(r['step'], r['mlm_loss'], r.get('sop_loss')) for r in recs if r['event'] == 'train']
            if name == 'resumed':
                assert any(r['event'] == 'resume' for r in recs), 'the second run did not resume'
    keys = ('model', 'sop_head', 'opt', 'gen', 'torch_rng', 'numpy_rng', 'python_rng', 'step')
    fa = dict(flatten({k: a[k] for k in keys}))
    fb = dict(flatten({k: b[k] for k in keys}))
    diff = sorted(k for k in set(fa) | set(fb) if k not in fa or k not in fb or not equal(fa[k], fb[k]))
    n_tensors = sum(isinstance(v, torch.Tensor) for v in fa.values())
    if logs['straight'] != logs['resumed']:
        diff.append('logged training losses')
    if diff:
        print(f'RESUME CHECK FAILED: {len(diff)} entries differ, e.g. {diff[:8]}')
        sys.exit(1)
    print(f'resume check passed: {n} steps straight == {half} + resume + {n - half}; '
          f'{n_tensors} tensors (weights, SOP head, AdamW state, generators) and the numpy/Python RNG '
          f'states equal bit for bit; {len(logs["straight"])} logged losses identical')


if __name__ == '__main__':
    main()
