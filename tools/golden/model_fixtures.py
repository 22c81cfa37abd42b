"""Generate the tiny BERT fixtures under src/model/__fixtures__/tiny-bert/ (all < 1 MB).

A 2-layer, width-32 BertModel written in plain torch with Hugging Face BertModel math and
parameter names, random weights rounded to float16, saved in the HF layout:

  config.json, vocab.txt, tokenizer.json, tokenizer_config.json,
  model.safetensors (F16, BertModel names without prefix),
  model.onnx (inputs input_ids/attention_mask/token_type_ids int64 [batch, seq];
              outputs last_hidden_state, pooler_output, hidden_state_0..hidden_state_2),
  reference_outputs.json (torch's outputs for one padded batch, an oracle independent of ONNX),
  tokenizer_cases.json (the Python reference tokenizer on tricky texts with this vocabulary).

Run: /usr/bin/python3 tools/golden/model_fixtures.py
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert')
sys.path.insert(0, os.path.join(ROOT, 'tools', 'pretrain'))

SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
WORDS = ['hello', 'world', 'the', 'un', '##aff', '##able', 'cafe', 'nino', 'uber', 'play',
         '##ing', '##ed', '##s', 'is', 'not', 'to', 'be', 'say', '中', '国', '你', '好', 'ﬁ',
         'naive', 'resume', 'fiance', '##e']
PUNCT = list('.,!?\'"-()$:;[]') + ['¿', '¡', '。', '、', '«', '»', '—']
LETTERS = [chr(c) for c in range(ord('a'), ord('z') + 1)] + [str(d) for d in range(10)]
VOCAB = SPECIAL + WORDS + PUNCT + LETTERS + ['##' + c for c in LETTERS]

CONFIG = dict(architectures=['BertModel'], model_type='bert', vocab_size=len(VOCAB), hidden_size=32,
              num_hidden_layers=2, num_attention_heads=4, intermediate_size=64, hidden_act='gelu',
              hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, max_position_embeddings=64,
              type_vocab_size=2, initializer_range=0.02, layer_norm_eps=1e-12, pad_token_id=0,
              position_embedding_type='absolute')


class Cfg:
    def __init__(self, d):
        self.__dict__.update(d)


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, ids, types):
        pos = torch.arange(ids.shape[1], dtype=torch.long).unsqueeze(0)
        return self.LayerNorm(self.word_embeddings(ids) + self.token_type_embeddings(types) + self.position_embeddings(pos))


class Sub(nn.Module):
    """Holds child modules under HF's names without a forward of its own."""


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, i = c.hidden_size, c.intermediate_size
        self.heads = c.num_attention_heads
        self.attention = Sub()
        self.attention.self = Sub()
        self.attention.self.query = nn.Linear(h, h)
        self.attention.self.key = nn.Linear(h, h)
        self.attention.self.value = nn.Linear(h, h)
        self.attention.output = Sub()
        self.attention.output.dense = nn.Linear(h, h)
        self.attention.output.LayerNorm = nn.LayerNorm(h, eps=c.layer_norm_eps)
        self.intermediate = Sub()
        self.intermediate.dense = nn.Linear(h, i)
        self.output = Sub()
        self.output.dense = nn.Linear(i, h)
        self.output.LayerNorm = nn.LayerNorm(h, eps=c.layer_norm_eps)

    def forward(self, x, ext):
        b, s, h = x.shape
        d = h // self.heads
        sa = self.attention.self
        split = lambda t: t.view(b, s, self.heads, d).permute(0, 2, 1, 3)
        q, k, v = split(sa.query(x)), split(sa.key(x)), split(sa.value(x))
        p = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + ext, dim=-1)
        ctx = (p @ v).permute(0, 2, 1, 3).reshape(b, s, h)
        a = self.attention.output.LayerNorm(self.attention.output.dense(ctx) + x)
        return self.output.LayerNorm(self.output.dense(F.gelu(self.intermediate.dense(a))) + a)


class TinyBert(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Sub()
        self.encoder.layer = nn.ModuleList([Layer(c) for _ in range(c.num_hidden_layers)])
        self.pooler = Sub()
        self.pooler.dense = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, input_ids, attention_mask, token_type_ids):
        ext = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        h = self.embeddings(input_ids, token_type_ids)
        hs = [h]
        for layer in self.encoder.layer:
            h = layer(h, ext)
            hs.append(h)
        pooled = torch.tanh(self.pooler.dense(h[:, 0]))
        return (h, pooled, *hs)


def random_model(c):
    torch.manual_seed(1234)
    m = TinyBert(c)
    with torch.no_grad():
        for name, p in m.named_parameters():
            if 'LayerNorm.weight' in name:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
            elif p.dim() == 1:
                p.copy_(0.05 * torch.randn_like(p))
            else:  # large enough that attention and GELU are far from linear
                p.copy_(torch.randn_like(p) / math.sqrt(p.shape[-1]))
            p.copy_(p.half().float())  # the safetensors file is F16: ONNX sees the same values
    return m.eval()


def write_safetensors(path, tensors, dtype='F16'):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        arr = t.detach().numpy().astype(np.float16 if dtype == 'F16' else np.float32)
        b = arr.tobytes()
        header[name] = {'dtype': dtype, 'shape': list(arr.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header['__metadata__'] = {'format': 'pt'}
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


def tokenizer_json():
    tpl = lambda name, t: {'SpecialToken': {'id': name, 'type_id': t}}
    seq = lambda name, t: {'Sequence': {'id': name, 'type_id': t}}
    return {
        'version': '1.0', 'truncation': None, 'padding': None,
        'added_tokens': [{'id': i, 'content': t, 'single_word': False, 'lstrip': False, 'rstrip': False,
                          'normalized': False, 'special': True} for i, t in enumerate(SPECIAL)],
        'normalizer': {'type': 'BertNormalizer', 'clean_text': True, 'handle_chinese_chars': True,
                       'strip_accents': None, 'lowercase': True},
        'pre_tokenizer': {'type': 'BertPreTokenizer'},
        'post_processor': {'type': 'TemplateProcessing',
                           'single': [tpl('[CLS]', 0), seq('A', 0), tpl('[SEP]', 0)],
                           'pair': [tpl('[CLS]', 0), seq('A', 0), tpl('[SEP]', 0), seq('B', 1), tpl('[SEP]', 1)],
                           'special_tokens': {t: {'id': t, 'ids': [VOCAB.index(t)], 'tokens': [t]} for t in ('[CLS]', '[SEP]')}},
        'decoder': {'type': 'WordPiece', 'prefix': '##', 'cleanup': True},
        'model': {'type': 'WordPiece', 'unk_token': '[UNK]', 'continuing_subword_prefix': '##',
                  'max_input_chars_per_word': 100, 'vocab': {t: i for i, t in enumerate(VOCAB)}},
    }


TOKENIZER_TEXTS = [
    ('Hello, world!', None, None, False),
    ('UNAFFABLE playing played hellos', None, None, False),
    ('Café Niño ÜBER naïve résumé fiancée', None, None, False),
    ('中国你好 mixed中文text', None, None, False),
    ('emoji 😀 and 👍🏽 here', None, None, False),
    ('zero\u200bwidth\u200d joiner\ufeff bom', None, None, False),
    ('ctrl\x00chars\x07 and \ufffd replacement\ttab\nnewline\r\n', None, None, False),
    ('nbsp\u00a0thin\u2009space ideographic\u3000space', None, None, False),
    ('¿Qué? ¡Sí! «quoted» — dash。、', None, None, False),
    ('ﬁ ligature and ß and straße', None, None, False),
    ('x' * 101 + ' ' + 'y' * 100, None, None, False),
    ('The first sentence is here.', 'And a second one!', None, False),
    ('short', 'a much longer second sentence that will be truncated a lot', 12, True),
    ('a much longer first sentence that will be truncated a lot', 'short', 12, True),
    ('equal length one two', 'equal length three four', 9, True),
    ('one two three four five six seven', None, 6, True),
    ('pad me', None, 10, True),
    ('pad me', 'too', 10, True),
    ('tiny', 'pair', 3, True),
    ('', None, 4, True),
    ('', '', None, False),
    ('[CLS] [MASK] tokens in text', None, None, False),
]


def tokenizer_cases():
    from bert_tokenizer import BertTokenizer
    tok = BertTokenizer(VOCAB)
    cases = []
    for text, pair, max_length, padding in TOKENIZER_TEXTS:
        e = tok.encode(text, pair, max_length=max_length, padding=padding)
        cases.append(dict(text=text, text_pair=pair, max_length=max_length, padding=padding, **e))
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    c = Cfg(CONFIG)
    with open(os.path.join(OUT, 'config.json'), 'w') as f:
        json.dump(CONFIG, f, indent=2)
    with open(os.path.join(OUT, 'vocab.txt'), 'w', encoding='utf-8', newline='\n') as f:
        f.write(''.join(t + '\n' for t in VOCAB))
    with open(os.path.join(OUT, 'tokenizer.json'), 'w', encoding='utf-8') as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False)
    with open(os.path.join(OUT, 'tokenizer_config.json'), 'w') as f:
        json.dump({'do_lower_case': True, 'model_max_length': 64, 'tokenizer_class': 'BertTokenizer'}, f, indent=2)
    with open(os.path.join(OUT, 'tokenizer_cases.json'), 'w', encoding='utf-8') as f:
        json.dump(tokenizer_cases(), f, ensure_ascii=False, indent=0)

    m = random_model(c)
    write_safetensors(os.path.join(OUT, 'model.safetensors'), dict(m.state_dict()))

    names = ['last_hidden_state', 'pooler_output'] + [f'hidden_state_{i}' for i in range(c.num_hidden_layers + 1)]
    ids = torch.tensor([[2, 10, 11, 7, 3, 0, 0, 0], [2, 12, 30, 31, 3, 40, 50, 3]], dtype=torch.long)
    mask = (torch.arange(8)[None, :] < torch.tensor([[5], [8]])).long()
    types = torch.tensor([[0] * 8, [0] * 5 + [1] * 3], dtype=torch.long)
    dyn = {n: {0: 'batch', 1: 'sequence'} for n in ['input_ids', 'attention_mask', 'token_type_ids'] + names}
    dyn['pooler_output'] = {0: 'batch'}
    torch.onnx.export(m, (ids, mask, types), os.path.join(OUT, 'model.onnx'),
                      input_names=['input_ids', 'attention_mask', 'token_type_ids'], output_names=names,
                      dynamic_axes=dyn, opset_version=14, do_constant_folding=True)
    with torch.no_grad():
        outs = m(ids, mask, types)
    ref = {'input_ids': ids.tolist(), 'attention_mask': mask.tolist(), 'token_type_ids': types.tolist()}
    for n, t in zip(names, outs):
        ref[n] = {'shape': list(t.shape), 'data': [round(float(x), 7) for x in t.flatten()]}
    with open(os.path.join(OUT, 'reference_outputs.json'), 'w') as f:
        json.dump(ref, f)
    for fn in sorted(os.listdir(OUT)):
        print(fn, os.path.getsize(os.path.join(OUT, fn)))


if __name__ == '__main__':
    main()
