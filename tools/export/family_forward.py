"""Hugging Face *ForSequenceClassification of each encoder family in plain torch (float64), on the
model's own parameter names, as transformers loads a base checkpoint into it: the math of the
reference forwards in tools/golden/family_fixtures.py and model_fixtures.py (post-LN layers, erf
GELU, additive mask finfo(f32).min), with each family's HF head:

  bert         bert.{embeddings,encoder,pooler}; tanh(bert.pooler.dense([CLS])) -> classifier
  roberta,     roberta.{embeddings,encoder}; positions cumsum(ids != pad) * (ids != pad) + pad
  xlm-roberta  (create_position_ids_from_input_ids); classifier.out_proj(tanh(classifier.dense(<s>)))
  distilbert   distilbert.{embeddings,transformer.layer.N.{attention.{q,k,v,out}_lin, sa_layer_norm,
               ffn.lin1, ffn.lin2, output_layer_norm}}, no token types;
               classifier(ReLU(pre_classifier([CLS])))

`python3 tools/export/family_forward.py FIXTURE_DIR` checks the forward against the fixture's
reference_outputs.json (the last hidden state, and the checkpoint head's logits where it has one).
"""
import json
import os
import struct
import sys

import torch

DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I64': torch.int64}
PREFIX = {'bert': 'bert.', 'roberta': 'roberta.', 'xlm-roberta': 'roberta.', 'distilbert': 'distilbert.'}


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


def read_checkpoint(d):
    st = os.path.join(d, 'model.safetensors')
    if os.path.exists(st):
        return read_safetensors(st)
    sd = torch.load(os.path.join(d, 'pytorch_model.bin'), map_location='cpu')
    return {k: v.to(torch.float64) for k, v in sd.items() if v.is_floating_point()}


def family_of(cfg):
    return cfg.get('model_type', 'bert')


def dims(cfg):
    """hidden size, heads, layers, LayerNorm eps in the family's config keys."""
    if family_of(cfg) == 'distilbert':
        return cfg['dim'], cfg['n_heads'], cfg['n_layers'], 1e-12
    return cfg['hidden_size'], cfg['num_attention_heads'], cfg['num_hidden_layers'], cfg.get('layer_norm_eps', 1e-12)


def head_shapes(cfg, n_labels):
    """The seq-cls head's parameters (and BERT's pooler) with their shapes."""
    H = dims(cfg)[0]
    fam = family_of(cfg)
    if fam in ('roberta', 'xlm-roberta'):
        names = {'classifier.dense': H, 'classifier.out_proj': n_labels}
    elif fam == 'distilbert':
        names = {'pre_classifier': H, 'classifier': n_labels}
    else:
        names = {'bert.pooler.dense': H, 'classifier': n_labels}
    out = {}
    for n, rows in names.items():
        out[f'{n}.weight'], out[f'{n}.bias'] = (rows, H), (rows,)
    return out


def seq_cls_weights(raw, cfg, n_labels):
    """A base checkpoint as from_pretrained loads it into the seq-cls class: the encoder under the
    family's prefix (added when the checkpoint was saved from the base model), other heads
    (lm_head, cls, vocab_*, RoBERTa's pooler, which RobertaForSequenceClassification lacks) dropped,
    a missing head NaN (transformers would initialise it at random: the adapter must bring it)."""
    fam = family_of(cfg)
    prefix = PREFIX[fam]
    heads = head_shapes(cfg, n_labels)
    w = {}
    for k, v in raw.items():
        if k.endswith('position_ids'):
            continue
        if k in heads:
            w[k] = v
            continue
        name = k if k.startswith(prefix) else prefix + k
        body = name[len(prefix):]
        if body.startswith(('embeddings.', 'encoder.', 'transformer.')) or (fam == 'bert' and body.startswith('pooler.')):
            w[name] = v
    for k, shape in heads.items():
        w.setdefault(k, torch.full(shape, float('nan'), dtype=torch.float64))
    return w


def forward(w, cfg, ids, types, mask):
    """Logits [batch, labels] and the last hidden state of the family's seq-cls model."""
    fam = family_of(cfg)
    H, nH, L, eps = dims(cfg)
    dH = H // nH
    p0 = PREFIX[fam]
    lin = lambda x, n: x @ w[f'{n}.weight'].T + w[f'{n}.bias']
    ln = lambda x, n: torch.nn.functional.layer_norm(x, (H,), w[f'{n}.weight'], w[f'{n}.bias'], eps)
    B, S = ids.shape
    e = p0 + 'embeddings.'
    if fam in ('roberta', 'xlm-roberta'):
        pad = cfg.get('pad_token_id', 1)
        keep = (ids != pad).long()
        pos = torch.cumsum(keep, dim=1) * keep + pad
    else:
        pos = torch.arange(S)[None].expand(B, S)
    h = w[e + 'word_embeddings.weight'][ids] + w[e + 'position_embeddings.weight'][pos]
    if fam != 'distilbert':
        h = h + w[e + 'token_type_embeddings.weight'][types]
    h = ln(h, e + 'LayerNorm')
    add = (1.0 - mask.to(torch.float64))[:, None, None, :] * torch.finfo(torch.float32).min
    split = lambda x: x.view(B, S, nH, dH).transpose(1, 2)
    for l in range(L):
        if fam == 'distilbert':
            p = f'{p0}transformer.layer.{l}.'
            n = dict(q='attention.q_lin', k='attention.k_lin', v='attention.v_lin', o='attention.out_lin', ln1='sa_layer_norm',
                     i='ffn.lin1', out='ffn.lin2', ln2='output_layer_norm')
        else:
            p = f'{p0}encoder.layer.{l}.'
            n = dict(q='attention.self.query', k='attention.self.key', v='attention.self.value', o='attention.output.dense',
                     ln1='attention.output.LayerNorm', i='intermediate.dense', out='output.dense', ln2='output.LayerNorm')
        q, k, v = (split(lin(h, p + n[x])) for x in 'qkv')
        probs = torch.softmax(q @ k.transpose(-1, -2) / dH ** 0.5 + add, dim=-1)
        ctx = (probs @ v).transpose(1, 2).reshape(B, S, H)
        h1 = ln(lin(ctx, p + n['o']) + h, p + n['ln1'])
        h = ln(lin(torch.nn.functional.gelu(lin(h1, p + n['i'])), p + n['out']) + h1, p + n['ln2'])
    cls = h[:, 0]
    if fam in ('roberta', 'xlm-roberta'):
        logits = lin(torch.tanh(lin(cls, 'classifier.dense')), 'classifier.out_proj')
    elif fam == 'distilbert':
        logits = lin(torch.relu(lin(cls, 'pre_classifier')), 'classifier')
    else:
        logits = lin(torch.tanh(lin(cls, 'bert.pooler.dense')), 'classifier')
    return logits, h


def check_fixture(d):
    """This forward against the fixture's golden outputs (family_fixtures.py's own forward)."""
    cfg = json.load(open(os.path.join(d, 'config.json')))
    ref = json.load(open(os.path.join(d, 'reference_outputs.json')))
    L = dims(cfg)[2]
    n_labels = ref['logits_checkpoint_head']['shape'][1] if 'logits_checkpoint_head' in ref else 2
    w = seq_cls_weights(read_checkpoint(d), cfg, n_labels)
    ids = torch.tensor(ref['input_ids'])
    logits, h = forward(w, cfg, ids, torch.zeros_like(ids), torch.tensor(ref['attention_mask']))
    keep = torch.tensor(ref['attention_mask'], dtype=torch.bool)
    want = torch.tensor(ref[f'hidden_state_{L}']['data'], dtype=torch.float64).view(h.shape)
    out = {'hiddenMaxAbs': float((h - want)[keep].abs().max())}
    if 'logits_checkpoint_head' in ref:
        out['logitsMaxAbs'] = float((logits - torch.tensor(ref['logits_checkpoint_head']['data'], dtype=torch.float64).view(logits.shape)).abs().max())
    return out


if __name__ == '__main__':
    print(json.dumps(check_fixture(sys.argv[1])))
