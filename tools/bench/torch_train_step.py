"""PyTorch peer of the engine's training benchmark (src/bench/train_bench.ts): one LoRA-XS step of
the same model on the same kind of batch, timed on the CPU.

The model is Hugging Face BertModel math written in plain torch (post-LN, erf GELU, additive mask,
pooler tanh(dense([CLS])), classifier Linear(hidden, 2)), with the weights of an HF model folder
(config.json + model.safetensors, F16/BF16/F32, read by a tiny parser so no `safetensors` package is
needed). As the engine does (src/bench/bench_model.ts benchAdapters = loraXsDefaults):
LoRA-XS on query, value, attention.output.dense and output.dense of every layer,
  y = x Wᵀ + b + s·((x Aᵀ) Rᵀ) Bᵀ,  A = Σ_r V_rᵀ, B = U_r (truncated SVD of the frozen W),
R [r, r] ~ N(0, 1e-5²) trainable, s = alpha / r with alpha = 16; pooler + classifier trainable,
everything else frozen (so autograd, like the engine, stops below layer 0's query/value).
Training mode: dropout 0.1 on the embeddings, attention probs, attention/FFN outputs and the pooled
output. Loss: mean cross-entropy. Optimiser: torch.optim.AdamW as DEFAULT_OPTIMIZER
(src/engine/bert/train.ts): lr 1e-3 adapters / 5e-3 head, weight decay 0.01, eps 1e-8.
Batch: random ids 1000…30521, [CLS]=101 first, [SEP]=102 last, no padding, mask all ones.

--mode forward times inference instead: eval mode, no_grad, logits of the same batch.

Timing: `warmup` untimed steps, then `reps` repetitions of `steps` steps; each sample is wall ms per
step of one repetition; the medians of wall and of process CPU time (all threads, not divided by
threads) are reported, because on a loaded shared machine CPU time is the steadier figure.
Output: one JSON line on stdout.

Run: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/bench/torch_train_step.py --threads 1
"""
import argparse
import json
import math
import os
import statistics
import struct
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_MODEL = os.path.join(ROOT, 'public', 'models', 'blora-tiny-uncased')
MODULES = ['attention.self.query', 'attention.self.value', 'attention.output.dense', 'output.dense']
ALPHA = 16.0  # loraXsDefaults (src/engine/adapters/config.ts)
R_STD = 1e-5  # LORA_XS_R_STD (src/engine/adapters/init.ts)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--seq-len', type=int, default=64)
    p.add_argument('--r', type=int, default=8)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--steps', type=int, default=10)
    p.add_argument('--reps', type=int, default=5)
    p.add_argument('--mode', choices=['train', 'forward'], default='train')
    p.add_argument('--model', default=DEFAULT_MODEL)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--serve', action='store_true', help='answer "train N" / "forward N" lines on stdin (interleaved benchmarks)')
    return p.parse_args()


args = parse_args()
# OpenBLAS (Debian's torch does its GEMMs there) reads its thread count at load time; set it before
# torch is imported so --threads bounds BLAS as well as torch's own OpenMP pool.
os.environ.setdefault('OPENBLAS_NUM_THREADS', str(args.threads))
os.environ.setdefault('OMP_NUM_THREADS', str(args.threads))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def read_safetensors(path):
    """name → f32 tensor: 8-byte little-endian header length, JSON header, raw little-endian data."""
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n])
    data = memoryview(raw)[8 + n:]
    out = {}
    for name, meta in header.items():
        if name == '__metadata__':
            continue
        lo, hi = meta['data_offsets']
        buf, dt = data[lo:hi], meta['dtype']
        if dt == 'F32':
            a = np.frombuffer(buf, dtype='<f4')
        elif dt == 'F16':
            a = np.frombuffer(buf, dtype='<f2').astype(np.float32)
        elif dt == 'BF16':
            a = (np.frombuffer(buf, dtype='<u2').astype(np.uint32) << 16).view(np.float32)
        else:
            raise ValueError(f'{path}: tensor {name} has dtype {dt}; only F32, F16, BF16 are read')
        key = name[5:] if name.startswith('bert.') else name
        out[key] = torch.from_numpy(a.astype(np.float32).reshape(meta['shape']).copy())
    return out


class LoraXsBert:
    """BertForSequenceClassification forward with LoRA-XS linears; trainables in .adapter/.head."""

    def __init__(self, cfg, w, r, num_labels, gen):
        self.cfg, self.w, self.r, self.s = cfg, w, r, ALPHA / r
        H = cfg['hidden_size']
        self.heads = cfg['num_attention_heads']
        self.eps = cfg.get('layer_norm_eps', 1e-12)
        self.p_hidden = cfg.get('hidden_dropout_prob', 0.1)
        self.p_attn = cfg.get('attention_probs_dropout_prob', 0.1)
        cd = cfg.get('classifier_dropout')
        self.p_cls = self.p_hidden if cd is None else cd
        if 'pooler.dense.weight' not in w:  # initHead: N(0, 0.02²), zero bias
            w['pooler.dense.weight'] = torch.randn(H, H, generator=gen) * 0.02
            w['pooler.dense.bias'] = torch.zeros(H)
        self.lora = {}  # path → (A [r, in], B [out, r], R [r, r] trainable)
        for l in range(cfg['num_hidden_layers']):
            for m in MODULES:
                path = f'encoder.layer.{l}.{m}'
                W = w[f'{path}.weight']
                U, S, Vh = torch.linalg.svd(W.double(), full_matrices=False)
                A = (S[:r, None] * Vh[:r]).float().contiguous()
                B = U[:, :r].float().contiguous()
                R = (torch.randn(r, r, generator=gen) * R_STD).requires_grad_(True)
                self.lora[path] = (A, B, R)
        self.head = [w['pooler.dense.weight'].clone().requires_grad_(True), w['pooler.dense.bias'].clone().requires_grad_(True),
                     (torch.randn(num_labels, H, generator=gen) * 0.02).requires_grad_(True),
                     torch.zeros(num_labels).requires_grad_(True)]
        self.adapter = [R for (_, _, R) in self.lora.values()]

    def linear(self, x, path):
        y = F.linear(x, self.w[f'{path}.weight'], self.w[f'{path}.bias'])
        ad = self.lora.get(path)
        if ad is None:
            return y
        A, B, R = ad
        return y + self.s * F.linear(F.linear(F.linear(x, A), R), B)

    def ln(self, x, prefix):
        return F.layer_norm(x, x.shape[-1:], self.w[f'{prefix}.weight'], self.w[f'{prefix}.bias'], self.eps)

    def __call__(self, ids, mask, training):
        w, Bsz, S = self.w, ids.shape[0], ids.shape[1]
        drop = lambda x, p: F.dropout(x, p, training)  # noqa: E731
        pos = torch.arange(S)
        h = w['embeddings.word_embeddings.weight'][ids] + w['embeddings.position_embeddings.weight'][pos] \
            + w['embeddings.token_type_embeddings.weight'][torch.zeros_like(ids)]
        h = drop(self.ln(h, 'embeddings.LayerNorm'), self.p_hidden)
        additive = ((1.0 - mask.float()) * torch.finfo(torch.float32).min)[:, None, None, :]
        nH = self.heads
        dH = h.shape[-1] // nH
        split = lambda t: t.view(Bsz, S, nH, dH).transpose(1, 2)  # noqa: E731
        for l in range(self.cfg['num_hidden_layers']):
            p = f'encoder.layer.{l}.'
            q, k, v = (split(self.linear(h, f'{p}attention.self.{n}')) for n in ('query', 'key', 'value'))
            scores = q @ k.transpose(-1, -2) / math.sqrt(dH) + additive
            probs = drop(torch.softmax(scores, dim=-1), self.p_attn)
            ctx = (probs @ v).transpose(1, 2).reshape(Bsz, S, nH * dH)
            h1 = self.ln(drop(self.linear(ctx, f'{p}attention.output.dense'), self.p_hidden) + h, f'{p}attention.output.LayerNorm')
            inter = F.gelu(self.linear(h1, f'{p}intermediate.dense'))  # erf GELU (HF "gelu")
            h = self.ln(drop(self.linear(inter, f'{p}output.dense'), self.p_hidden) + h1, f'{p}output.LayerNorm')
        pw, pb, cw, cb = self.head
        pooled = torch.tanh(F.linear(h[:, 0], pw, pb))
        return F.linear(drop(pooled, self.p_cls), cw, cb)


def synthetic_batch(cfg, batch, seq_len, gen, num_labels=2):
    ids = torch.randint(1000, cfg['vocab_size'], (batch, seq_len), generator=gen)
    ids[:, 0], ids[:, -1] = 101, 102
    labels = torch.randint(0, num_labels, (batch,), generator=gen)
    return ids, torch.ones(batch, seq_len, dtype=torch.int64), labels


def serve(train_step, forward_step):
    """Interleaved benchmarks (npm run bench): warm up both modes, print {"ready": true}, then for each
    stdin line "train N" or "forward N" time N steps and print {"mode", "ms", "cpuMs"} per step."""
    for _ in range(args.warmup):
        train_step()
        forward_step()
    print(json.dumps({'ready': True, 'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == 'quit':
            break
        step = train_step if parts[0] == 'train' else forward_step
        n = int(parts[1]) if len(parts) > 1 else args.steps
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            step()
        print(json.dumps({'mode': parts[0], 'ms': (time.perf_counter() - t0) * 1000 / n,
                          'cpuMs': (time.process_time() - c0) * 1000 / n, 'value': last_value[0]}), flush=True)
    return 0


last_value = [float('nan')]


def main():
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)  # dropout masks
    with open(os.path.join(args.model, 'config.json')) as f:
        cfg = json.load(f)
    weights = read_safetensors(os.path.join(args.model, 'model.safetensors'))
    model = LoraXsBert(cfg, weights, args.r, 2, gen)
    ids, mask, labels = synthetic_batch(cfg, args.batch, args.seq_len, gen)
    opt = torch.optim.AdamW([{'params': model.adapter, 'lr': 1e-3}, {'params': model.head, 'lr': 5e-3}],
                            betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    last = [float('nan')]

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids, mask, True), labels)
        loss.backward()
        opt.step()
        last[0] = loss.item()  # the engine reads its loss back every step too
        last_value[0] = last[0]

    def forward_step():
        with torch.no_grad():
            logits = model(ids, mask, False)
        last[0] = float(logits.abs().sum())  # forces the result; sanity value
        last_value[0] = last[0]
        assert logits.shape == (args.batch, 2)

    if args.serve:
        return serve(train_step, forward_step)
    step = train_step if args.mode == 'train' else forward_step
    for _ in range(args.warmup):
        step()
    wall, cpu = [], []
    for _ in range(args.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            step()
        wall.append((time.perf_counter() - t0) * 1000 / args.steps)
        cpu.append((time.process_time() - c0) * 1000 / args.steps)
    out = {
        'tool': 'pytorch', 'mode': args.mode, 'torch': torch.__version__, 'threads': torch.get_num_threads(),
        'batch': args.batch, 'seqLen': args.seq_len, 'r': args.r, 'warmup': args.warmup, 'steps': args.steps, 'reps': args.reps,
        'msPerStepMedian': round(statistics.median(wall), 3),
        'cpuMsPerStepMedian': round(statistics.median(cpu), 3),
        'samples': [round(x, 3) for x in wall],
        'cpuSamples': [round(x, 3) for x in cpu],
        ('loss' if args.mode == 'train' else 'logitAbsSum'): last[0],
        'loadAverage': [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
