"""Golden fixtures for the CPU/WebGPU engine: src/engine/__fixtures__/ (< 1 MB).

A small random BERT (2 layers, hidden 32, 2 heads, intermediate 64, vocab 100, max length 16,
type vocab 2, 3 classes) with Hugging Face BertForSequenceClassification math (post-LayerNorm,
erf GELU, additive mask finfo(float32).min, pooler tanh(dense(CLS)), linear classifier), dropout
off. Every input value is rounded to float32 first; the computation then runs in float64 with
autograd, and results are stored as float32.

Variants (adapter configs are written into engine_golden.json):
  loraxs    : LoRA-XS on query, value, attention output, FFN output, both layers, r = 4, alpha = 16,
              A = S_r V_r^T, B = U_r from the SVD of W (sign: largest-|.| entry of each u_i
              positive), R ~ N(0, 0.05^2) (non-zero so gradients flow everywhere).
  lora      : LoRA on query and value, both layers, r = 4, alpha = 16, A and B ~ N(0, 0.1^2).
  loraxs_l1 : LoRA-XS on the FFN input of layer 1 only (tests that the backward stops early).
  loraxs_relu: loraxs's adapters with DistilBertForSequenceClassification's head activation,
              relu(dense(CLS)) (head_activation "relu"; the relu and its gradient against torch).

Files:
  bert_tiny.safetensors   weights with a "bert." prefix (tests prefix stripping) + classifier.*
  engine_golden.safetensors  inputs (ids as F32), adapter tensors, outputs and gradients
  engine_golden.json      config, adapter configs, tensor name index, labels, loss values,
                          numpy singular values of a random 12 x 7 matrix (SVD check)

Run: /usr/bin/python3 tools/golden/make_engine_fixtures.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'src', 'engine', '__fixtures__')

CONFIG = dict(model_type='bert', vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
              intermediate_size=64, hidden_act='gelu', hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
              max_position_embeddings=16, type_vocab_size=2, layer_norm_eps=1e-12, pad_token_id=0, num_labels=3)
H, I, L, NH = 32, 64, 2, 2
B, S, C = 3, 8, 3
MASK_MIN = float(np.finfo(np.float32).min)

rng = np.random.default_rng(20261128)


def f32(a):
    """Round to float32, return as float64 numpy (the value every backend sees)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def make_weights():
    w = {}
    w['embeddings.word_embeddings.weight'] = f32(rng.normal(0, 0.5, (CONFIG['vocab_size'], H)))
    w['embeddings.position_embeddings.weight'] = f32(rng.normal(0, 0.5, (CONFIG['max_position_embeddings'], H)))
    w['embeddings.token_type_embeddings.weight'] = f32(rng.normal(0, 0.5, (CONFIG['type_vocab_size'], H)))

    def ln(p):
        w[p + '.weight'] = f32(1 + rng.normal(0, 0.1, H))
        w[p + '.bias'] = f32(rng.normal(0, 0.1, H))

    def lin(p, o, i):
        w[p + '.weight'] = f32(rng.normal(0, 1 / np.sqrt(i), (o, i)))
        w[p + '.bias'] = f32(rng.normal(0, 0.1, o))

    ln('embeddings.LayerNorm')
    for l in range(L):
        p = 'encoder.layer.%d.' % l
        for n in ('query', 'key', 'value'):
            lin(p + 'attention.self.' + n, H, H)
        lin(p + 'attention.output.dense', H, H)
        ln(p + 'attention.output.LayerNorm')
        lin(p + 'intermediate.dense', I, H)
        lin(p + 'output.dense', H, I)
        ln(p + 'output.LayerNorm')
    lin('pooler.dense', H, H)
    lin('classifier', C, H)
    return w


MODULE_PATH = {'query': 'attention.self.query', 'key': 'attention.self.key', 'value': 'attention.self.value',
               'attention.output': 'attention.output.dense', 'ffn.in': 'intermediate.dense', 'ffn.out': 'output.dense'}
MODULE_ORDER = ['query', 'key', 'value', 'attention.output', 'ffn.in', 'ffn.out']


def svd_factors(W, r):
    """A = S_r V_r^T, B = U_r; each u_i flipped (with v_i) so its largest-|.| entry is positive."""
    U, s, Vt = np.linalg.svd(W, full_matrices=False)
    U, s, Vt = U[:, :r].copy(), s[:r], Vt[:r].copy()
    for i in range(r):
        j = int(np.argmax(np.abs(U[:, i])))
        if U[j, i] < 0:
            U[:, i] *= -1
            Vt[i] *= -1
    return s[:, None] * Vt, U


def make_adapters(w, method, modules, layers, r):
    ads = {}
    for l in layers:
        for m in MODULE_ORDER:
            if m not in modules:
                continue
            path = 'encoder.layer.%d.%s' % (l, MODULE_PATH[m])
            W = w[path + '.weight']
            if method == 'loraxs':
                A, Bm = svd_factors(W, r)
                ads[path] = dict(A=f32(A), B=f32(Bm), R=f32(rng.normal(0, 0.05, (r, r))))
            else:
                ads[path] = dict(A=f32(rng.normal(0, 0.1, (r, W.shape[1]))), B=f32(rng.normal(0, 0.1, (W.shape[0], r))))
    return ads


def make_inputs():
    lengths = [8, 5, 3]
    ids = np.zeros((B, S), dtype=np.int64)
    types = np.zeros((B, S), dtype=np.int64)
    mask = np.zeros((B, S), dtype=np.float64)
    for b, n in enumerate(lengths):
        ids[b, 0] = 1  # a [CLS]-like first token
        ids[b, 1:n] = rng.integers(2, CONFIG['vocab_size'], n - 1)
        mask[b, :n] = 1
    types[0, 5:] = 1
    labels = np.array([0, 2, 1], dtype=np.int64)
    return ids, types, mask, labels


def forward(w, ads, method, s, ids, types, mask, labels, head_activation='tanh'):
    """Returns loss, logits, pooled, hidden states; ads tensors and head params require grad."""
    t = {k: torch.tensor(v, dtype=torch.float64) for k, v in w.items()}
    head = ['pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias']
    for k in head:
        t[k].requires_grad_(True)
    at = {p: {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in d.items()} for p, d in ads.items()}

    def linear(x, path):
        y = x @ t[path + '.weight'].T + t[path + '.bias']
        if path in at:
            a = at[path]
            u = x @ a['A'].T
            if method == 'loraxs':
                u = u @ a['R'].T
            y = y + s * (u @ a['B'].T)
        return y

    def ln(x, p):
        return F.layer_norm(x, (H,), t[p + '.weight'], t[p + '.bias'], CONFIG['layer_norm_eps'])

    ids_t, types_t = torch.tensor(ids), torch.tensor(types)
    pos = torch.arange(S)
    e = t['embeddings.word_embeddings.weight'][ids_t] + t['embeddings.token_type_embeddings.weight'][types_t] \
        + t['embeddings.position_embeddings.weight'][pos][None]
    h = ln(e, 'embeddings.LayerNorm')
    hidden = [h]
    ext = (1.0 - torch.tensor(mask))[:, None, None, :] * MASK_MIN
    dh = H // NH
    for l in range(L):
        p = 'encoder.layer.%d.' % l

        def heads(x):
            return x.view(B, S, NH, dh).permute(0, 2, 1, 3)

        q = heads(linear(h, p + 'attention.self.query'))
        k = heads(linear(h, p + 'attention.self.key'))
        v = heads(linear(h, p + 'attention.self.value'))
        scores = q @ k.transpose(-1, -2) / np.sqrt(dh) + ext
        probs = torch.softmax(scores, dim=-1)
        ctx = (probs @ v).permute(0, 2, 1, 3).reshape(B, S, H)
        h1 = ln(linear(ctx, p + 'attention.output.dense') + h, p + 'attention.output.LayerNorm')
        inter = F.gelu(linear(h1, p + 'intermediate.dense'))
        h = ln(linear(inter, p + 'output.dense') + h1, p + 'output.LayerNorm')
        hidden.append(h)
    pre = h[:, 0] @ t['pooler.dense.weight'].T + t['pooler.dense.bias']
    if head_activation == 'relu':
        # The relu's kink must not sit within float32 rounding of an input, or the gradient is ambiguous.
        assert pre.abs().min().item() > 1e-3, pre.abs().min().item()
        pooled = torch.relu(pre)
    else:
        pooled = torch.tanh(pre)
    logits = pooled @ t['classifier.weight'].T + t['classifier.bias']
    loss = F.cross_entropy(logits, torch.tensor(labels))
    loss.backward()
    grads = {k: t[k].grad.numpy() for k in head}
    for p, d in at.items():
        for k, v in d.items():
            if method == 'lora' or k == 'R':
                grads[p + '.' + k] = v.grad.numpy()
    return loss.item(), logits.detach().numpy(), pooled.detach().numpy(), [x.detach().numpy() for x in hidden], grads


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype='<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(np.shape(a)), 'data_offsets': [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(',', ':'))
    h += ' ' * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h.encode())
        for b in blobs:
            f.write(b)


def main():
    torch.set_grad_enabled(True)
    os.makedirs(OUT, exist_ok=True)
    w = make_weights()
    ids, types, mask, labels = make_inputs()
    variants = {
        'loraxs': dict(method='loraxs', modules=['query', 'value', 'attention.output', 'ffn.out'], layers=[0, 1], r=4, alpha=16),
        'lora': dict(method='lora', modules=['query', 'value'], layers=[0, 1], r=4, alpha=16),
        'loraxs_l1': dict(method='loraxs', modules=['ffn.in'], layers=[1], r=4, alpha=16),
        # No new draws from rng (the svd matrix below stays the same): loraxs's adapters again.
        'loraxs_relu': dict(method='loraxs', modules=['query', 'value', 'attention.output', 'ffn.out'], layers=[0, 1], r=4, alpha=16),
    }
    head_activations = {'loraxs_relu': 'relu'}
    adapters_of = {'loraxs_relu': 'loraxs'}
    made = {}
    g = {'input.ids': ids, 'input.type_ids': types, 'input.mask': mask, 'input.labels': labels}
    index = {'config': CONFIG, 'batch': B, 'seq_len': S, 'variants': {}}
    for name, v in variants.items():
        act = head_activations.get(name, 'tanh')
        ads = made[adapters_of[name]] if name in adapters_of else make_adapters(w, v['method'], v['modules'], v['layers'], v['r'])
        made[name] = ads
        loss, logits, pooled, hidden, grads = forward(w, ads, v['method'], v['alpha'] / v['r'], ids, types, mask, labels, act)
        for p, d in ads.items():
            for k, a in d.items():
                g['%s/adapter/%s.%s' % (name, p, k)] = a
        g[name + '/logits'] = logits
        g[name + '/pooled'] = pooled
        for i, x in enumerate(hidden):
            g['%s/hidden.%d' % (name, i)] = x.reshape(B * S, H)
        for k, a in grads.items():
            g['%s/grad/%s' % (name, k)] = a
        index['variants'][name] = dict(adapter=v, loss=loss, adapter_paths=list(ads.keys()), grads=list(grads.keys()),
                                       hidden_states=len(hidden))
        if act != 'tanh':
            index['variants'][name]['head_activation'] = act
        print(name, 'loss', loss)
    m = f32(rng.normal(0, 1, (12, 7)))
    g['svd.matrix'] = m
    index['svd'] = {'shape': [12, 7], 'singular_values': np.linalg.svd(m, compute_uv=False).tolist()}
    write_safetensors(os.path.join(OUT, 'engine_golden.safetensors'), g)
    write_safetensors(os.path.join(OUT, 'bert_tiny.safetensors'),
                      {('bert.' + k if not k.startswith('classifier') else k): a for k, a in w.items()})
    with open(os.path.join(OUT, 'engine_golden.json'), 'w') as f:
        json.dump(index, f, indent=1)
    for fn in sorted(os.listdir(OUT)):
        print(fn, os.path.getsize(os.path.join(OUT, fn)))


if __name__ == '__main__':
    main()
