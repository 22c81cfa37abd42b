"""Applies an exported PEFT LoRA adapter to its base model the way PEFT loads it, and compares the
logits of BertForSequenceClassification with the engine's (src/ui/export/peft_roundtrip.test.ts).

PEFT's rules for a LORA adapter_config.json + adapter_model.safetensors (huggingface/peft,
utils/save_and_load.py and tuners/lora): keys are `base_model.model.<module>.lora_A.weight` /
`.lora_B.weight` for every module in target_modules (full module paths of
BertForSequenceClassification: encoder and pooler under `bert.`), the update is
W += (lora_alpha / r) · lora_B @ lora_A; modules_to_save are saved whole as
`base_model.model.<module path>.<param>` and replace the base module's parameters. A key PEFT
would not load (no such module in the model) is an error here, not a warning.

The model is Hugging Face BertModel math in plain torch (post-LN, erf GELU, additive mask with
finfo(f32).min, pooler tanh(dense([CLS])), classifier), in float64.

Run: /usr/bin/python3 tools/export/peft_roundtrip.py --base DIR --adapter DIR --case case.json
case.json: {"input_ids": [[…]], "token_type_ids": [[…]], "attention_mask": [[…]], "logits": [[…]]}, or "probs"
instead of "logits" (a run record's predictive probabilities, src/cli/export.test.ts): compared after a softmax.
Prints one JSON line: {"maxAbs": …, "relErr": …, "loraModules": n, "savedModules": [...]} (maxAbs of the
probabilities when the case gives probs).
"""
import argparse
import json
import os
import struct
import sys

import torch

DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I64': torch.int64}


def read_safetensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    out = {}
    for name, meta in header.items():
        if name == '__metadata__':
            continue
        a, b = meta['data_offsets']
        t = torch.frombuffer(bytearray(body[a:b]), dtype=DTYPES[meta['dtype']]).reshape(meta['shape'])
        out[name] = t.to(torch.float64)
    return out


def seq_cls_name(name):
    """Base checkpoints name the encoder with or without BertForSequenceClassification's `bert.`."""
    return name if name.startswith(('bert.', 'classifier.')) else 'bert.' + name


def apply_peft(weights, adapter_dir):
    cfg = json.load(open(os.path.join(adapter_dir, 'adapter_config.json')))
    assert cfg['peft_type'] == 'LORA', cfg['peft_type']
    sd = read_safetensors(os.path.join(adapter_dir, 'adapter_model.safetensors'))
    scaling = cfg['lora_alpha'] / cfg['r']
    prefix = 'base_model.model.'
    used = set()
    for module in cfg['target_modules']:
        a, b = f'{prefix}{module}.lora_A.weight', f'{prefix}{module}.lora_B.weight'
        if f'{module}.weight' not in weights:
            raise SystemExit(f'target module {module} is not in the model')
        if a not in sd or b not in sd:
            raise SystemExit(f'missing adapter keys for {module}: PEFT would leave it unchanged')
        weights[f'{module}.weight'] = weights[f'{module}.weight'] + scaling * (sd[b] @ sd[a])
        used.update([a, b])
    for module in cfg.get('modules_to_save') or []:
        # PEFT wraps every module whose name ends with the entry (e.g. "pooler" → bert.pooler).
        keys = [k for k in sd if k.startswith(prefix) and (k[len(prefix):].startswith(module + '.') or ('.' + module + '.') in k)]
        if not keys:
            raise SystemExit(f'modules_to_save names {module} but the adapter has no tensors for it')
        for k in keys:
            name = k[len(prefix):]
            if name not in weights:
                raise SystemExit(f'{k}: no parameter {name} in the model')
            weights[name] = sd[k]
            used.add(k)
    unused = sorted(set(sd) - used)
    if unused:
        raise SystemExit(f'adapter keys PEFT would not load: {unused[:5]}')
    return weights, len(cfg['target_modules']), cfg.get('modules_to_save') or []


def forward(w, cfg, ids, types, mask):
    H, nH = cfg['hidden_size'], cfg['num_attention_heads']
    dH = H // nH
    eps = cfg.get('layer_norm_eps', 1e-12)
    lin = lambda x, n: x @ w[f'{n}.weight'].T + w[f'{n}.bias']
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (H,), w[f'{n}.weight'], w[f'{n}.bias'], eps)
    B, S = ids.shape
    pos = torch.arange(S)
    h = w['bert.embeddings.word_embeddings.weight'][ids] + w['bert.embeddings.position_embeddings.weight'][pos] + w['bert.embeddings.token_type_embeddings.weight'][types]
    h = ln(h, 'bert.embeddings.LayerNorm')
    add = (1.0 - mask.to(torch.float64))[:, None, None, :] * torch.finfo(torch.float32).min
    for l in range(cfg['num_hidden_layers']):
        p = f'bert.encoder.layer.{l}.'
        split = lambda x: x.view(B, S, nH, dH).transpose(1, 2)
        q, k, v = split(lin(h, p + 'attention.self.query')), split(lin(h, p + 'attention.self.key')), split(lin(h, p + 'attention.self.value'))
        probs = torch.softmax(q @ k.transpose(-1, -2) / dH ** 0.5 + add, dim=-1)
        ctx = (probs @ v).transpose(1, 2).reshape(B, S, H)
        h1 = ln(lin(ctx, p + 'attention.output.dense') + h, p + 'attention.output.LayerNorm')
        inter = torch.nn.functional.gelu(lin(h1, p + 'intermediate.dense'))
        h = ln(lin(inter, p + 'output.dense') + h1, p + 'output.LayerNorm')
    pooled = torch.tanh(lin(h[:, 0], 'bert.pooler.dense'))
    return lin(pooled, 'classifier')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--base', required=True)
    ap.add_argument('--adapter', required=True)
    ap.add_argument('--case', required=True)
    args = ap.parse_args()
    cfg = json.load(open(os.path.join(args.base, 'config.json')))
    weights = {seq_cls_name(k): v for k, v in read_safetensors(os.path.join(args.base, 'model.safetensors')).items()}
    case = json.load(open(args.case))
    key = 'logits' if 'logits' in case else 'probs'
    n_labels = len(case[key][0])
    # The base checkpoint has no head: the adapter must bring it (modules_to_save), or PEFT would use a random one.
    weights.setdefault('classifier.weight', torch.full((n_labels, cfg['hidden_size']), float('nan'), dtype=torch.float64))
    weights.setdefault('classifier.bias', torch.full((n_labels,), float('nan'), dtype=torch.float64))
    weights, n_lora, saved = apply_peft(weights, args.adapter)
    t = lambda k: torch.tensor(case[k], dtype=torch.int64)
    logits = forward(weights, cfg, t('input_ids'), t('token_type_ids'), t('attention_mask'))
    ref = torch.tensor(case[key], dtype=torch.float64)
    if key == 'probs':
        logits = torch.softmax(logits, dim=-1)
    max_abs = float((logits - ref).abs().max())
    print(json.dumps({'maxAbs': max_abs, 'relErr': max_abs / max(float(ref.abs().max()), 1e-6), 'loraModules': n_lora, 'savedModules': saved}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
