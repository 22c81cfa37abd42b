"""Tiny random models of the other encoder families the loader reads, each with its own torch
reference forward (float64, Hugging Face math and parameter names, as model_fixtures.py does for
BERT) and tokenizer goldens from the Python `tokenizers` library:

  __fixtures__/tiny-distilbert/  DistilBertForSequenceClassification names (distilbert. prefix,
                                 q_lin … output_layer_norm, pre_classifier + classifier), F16
                                 model.safetensors, the tiny-bert WordPiece tokenizer.json
  __fixtures__/tiny-roberta/     RobertaForSequenceClassification names (roberta. prefix, no pooler,
                                 classifier.dense + classifier.out_proj), pytorch_model.bin (F16),
                                 a byte-level BPE tokenizer.json trained here (RobertaProcessing)
  __fixtures__/tiny-xlmr/        XLMRobertaForMaskedLM names (roberta. prefix with pooler, lm_head.*),
                                 F16 model.safetensors, a SentencePiece Unigram trained here
                                 (nmt_nfkc Precompiled normalizer, Metaspace, fairseq id offset) as
                                 the XLM-R converter writes tokenizer.json
  __fixtures__/tiny-minilm/      a MiniLM-style BertModel (3 layers, FFN 4x, no pooler, no prefix),
                                 F16 model.safetensors, the tiny-bert vocab.txt

Each folder has reference_outputs.json (input ids of a padded batch, every hidden state, logits of
the checkpoint's head and of the head we train) and tokenizer_cases.json (ids of tricky strings).
transformers is not used: no release that this torch (1.13) runs is on the package index here.

Run: /usr/bin/python3 -m venv --system-site-packages /tmp/venv-arch &&
     /tmp/venv-arch/bin/pip install tokenizers==0.22.2 sentencepiece==0.2.2 protobuf &&
     /tmp/venv-arch/bin/python tools/golden/family_fixtures.py
"""
import io
import json
import math
import os
import shutil
import struct

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, 'src', 'model', '__fixtures__')
TINY = os.path.join(FIX, 'tiny-bert')
H, HEADS, INTER, LAYERS, LABELS = 32, 4, 64, 2, 3

CORPUS = [
    'The quick brown fox jumps over the lazy dog.', 'Hello world, hello there!', 'A naive cafe owner said: not bad.',
    'Café, naïve, résumé, fiancée and Ångström are accented words.', 'Das ist nicht schlecht, sagte der Müller.',
    'Le cœur a ses raisons que la raison ne connaît point.', 'El niño comió una manzana en la mañana.',
    'Это простой пример текста на русском языке.', '这是一个简单的中文句子。', '日本語の文も少しあります。',
    'Numbers like 12345 and 3.14159 appear too.', "It's a test; isn't it? Yes -- it is.", 'playing played plays player',
    'unbelievable unaffable unhappiness', 'tokenization tokenizers tokenized', 'emoji like 😀 and 👍 are rare here',
] * 4

TEXTS = [
    ('Hello world!', None, None),
    ('The quick brown fox jumps over the lazy dog.', None, None),
    ('Café naïve résumé fiancée Ångström', None, None),
    ('e\u0301 (combining accent) vs é, and ﬁ ligature, Ⅻ roman', None, None),
    ('emoji 😀👍🏽 and family 👨‍👩‍👧 here', None, None),
    ('whitespace   runs\t\ttabs\nnewlines  \u00a0nbsp\u3000ideographic', None, None),
    ('   leading and trailing spaces   ', None, None),
    ('Это русский текст, 这是中文，日本語です。', None, None),
    ('pneumonoultramicroscopicsilicovolcanoconiosis' * 3, None, None),
    ('numbers 1234567890 and 3.14159, symbols @#$%^&*()', None, None),
    ("It's not bad -- isn't it? «quoted» — dash", None, None),
    ('zero\u200bwidth joiner\u200d and bom\ufeff', None, None),
    ('', None, None),
    ('The first sentence is here.', 'And a second one!', None),
    ('short', 'a much longer second sentence that will be truncated a lot', 12),
    ('a much longer first sentence that will be truncated a lot', 'short', 12),
    ('one two three four five six seven eight nine ten', None, 8),
]


def write_safetensors(path, tensors):
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().numpy().astype(np.float16).tobytes()
        header[name] = {'dtype': 'F16', 'shape': list(t.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header['__metadata__'] = {'format': 'pt'}
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * (-len(h) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))


def random_weights(shapes, seed):
    """F16-representable random tensors: large enough that attention and GELU are far from linear."""
    g = torch.Generator().manual_seed(seed)
    w = {}
    for name, shape in shapes.items():
        if 'norm' in name.lower() and name.endswith('weight'):
            t = 1.0 + 0.1 * torch.randn(shape, generator=g)
        elif len(shape) == 1:
            t = 0.05 * torch.randn(shape, generator=g)
        else:
            t = torch.randn(shape, generator=g) / math.sqrt(shape[-1])
        w[name] = t.half().double()
    return w


def lin(w, p, x):
    return x @ w[p + '.weight'].T + w[p + '.bias']


def ln(w, p, x, eps):
    return F.layer_norm(x, x.shape[-1:], w[p + '.weight'], w[p + '.bias'], eps)


def attention(x, mask, q, k, v):
    b, s, _ = x.shape
    d = H // HEADS
    split = lambda t: t.view(b, s, HEADS, d).permute(0, 2, 1, 3)
    ext = (1.0 - mask[:, None, None, :].double()) * torch.finfo(torch.float64).min
    p = torch.softmax(split(q) @ split(k).transpose(-1, -2) / math.sqrt(d) + ext, dim=-1)
    return (p @ split(v)).permute(0, 2, 1, 3).reshape(b, s, H)


def bert_layer(w, p, x, mask, eps):
    """BertLayer, RobertaLayer (post-LN, erf GELU)."""
    ctx = attention(x, mask, lin(w, p + 'attention.self.query', x), lin(w, p + 'attention.self.key', x), lin(w, p + 'attention.self.value', x))
    a = ln(w, p + 'attention.output.LayerNorm', lin(w, p + 'attention.output.dense', ctx) + x, eps)
    return ln(w, p + 'output.LayerNorm', lin(w, p + 'output.dense', F.gelu(lin(w, p + 'intermediate.dense', a))) + a, eps)


def bert_layer_shapes(p, inter=INTER):
    s = {}
    for n in ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']:
        s[f'{p}{n}.weight'], s[f'{p}{n}.bias'] = [H, H], [H]
    for n in ['attention.output.LayerNorm', 'output.LayerNorm']:
        s[f'{p}{n}.weight'], s[f'{p}{n}.bias'] = [H], [H]
    s[f'{p}intermediate.dense.weight'], s[f'{p}intermediate.dense.bias'] = [inter, H], [inter]
    s[f'{p}output.dense.weight'], s[f'{p}output.dense.bias'] = [H, inter], [H]
    return s


# ---- DistilBERT ------------------------------------------------------------------------------

def distilbert():
    vocab = json.load(open(os.path.join(TINY, 'tokenizer.json')))['model']['vocab']
    V, P = max(vocab.values()) + 1, 64
    shapes = {'distilbert.embeddings.word_embeddings.weight': [V, H], 'distilbert.embeddings.position_embeddings.weight': [P, H],
              'distilbert.embeddings.LayerNorm.weight': [H], 'distilbert.embeddings.LayerNorm.bias': [H]}
    for l in range(LAYERS):
        p = f'distilbert.transformer.layer.{l}.'
        for n in ['attention.q_lin', 'attention.k_lin', 'attention.v_lin', 'attention.out_lin']:
            shapes[f'{p}{n}.weight'], shapes[f'{p}{n}.bias'] = [H, H], [H]
        for n in ['sa_layer_norm', 'output_layer_norm']:
            shapes[f'{p}{n}.weight'], shapes[f'{p}{n}.bias'] = [H], [H]
        shapes[f'{p}ffn.lin1.weight'], shapes[f'{p}ffn.lin1.bias'] = [INTER, H], [INTER]
        shapes[f'{p}ffn.lin2.weight'], shapes[f'{p}ffn.lin2.bias'] = [H, INTER], [H]
    shapes.update({'pre_classifier.weight': [H, H], 'pre_classifier.bias': [H], 'classifier.weight': [LABELS, H], 'classifier.bias': [LABELS]})
    w = random_weights(shapes, 7)
    config = dict(architectures=['DistilBertForSequenceClassification'], model_type='distilbert', vocab_size=V, dim=H, n_layers=LAYERS,
                  n_heads=HEADS, hidden_dim=INTER, activation='gelu', dropout=0.1, attention_dropout=0.1, max_position_embeddings=P,
                  sinusoidal_pos_embds=False, seq_classif_dropout=0.2, qa_dropout=0.1, pad_token_id=0, initializer_range=0.02,
                  id2label={str(i): f'L{i}' for i in range(LABELS)}, label2id={f'L{i}': i for i in range(LABELS)})

    def forward(ids, mask):
        x = w['distilbert.embeddings.word_embeddings.weight'][ids] + w['distilbert.embeddings.position_embeddings.weight'][torch.arange(ids.shape[1])][None]
        x = ln(w, 'distilbert.embeddings.LayerNorm', x, 1e-12)
        hs = [x]
        for l in range(LAYERS):
            p = f'distilbert.transformer.layer.{l}.'
            q = lin(w, p + 'attention.q_lin', x)
            ctx = attention(x, mask, q, lin(w, p + 'attention.k_lin', x), lin(w, p + 'attention.v_lin', x))
            sa = ln(w, p + 'sa_layer_norm', lin(w, p + 'attention.out_lin', ctx) + x, 1e-12)
            x = ln(w, p + 'output_layer_norm', lin(w, p + 'ffn.lin2', F.gelu(lin(w, p + 'ffn.lin1', sa))) + sa, 1e-12)
            hs.append(x)
        cls = x[:, 0]
        # DistilBertForSequenceClassification's head, which is also the one we train (families.ts headActivation 'relu').
        logits = lin(w, 'classifier', torch.relu(lin(w, 'pre_classifier', cls)))
        return hs, {'logits_checkpoint_head': logits, 'logits_trained_head': logits}

    d = fresh('tiny-distilbert')
    shutil.copy(os.path.join(TINY, 'tokenizer.json'), d)
    json.dump({'do_lower_case': True, 'model_max_length': P, 'tokenizer_class': 'DistilBertTokenizer'}, open(os.path.join(d, 'tokenizer_config.json'), 'w'))
    write_safetensors(os.path.join(d, 'model.safetensors'), {k: v.float() for k, v in w.items()})
    return d, config, Tokenizer.from_file(os.path.join(d, 'tokenizer.json')), forward, 0


# ---- RoBERTa / XLM-R --------------------------------------------------------------------------

def roberta_like(name, tok, vocab_size, seed, head, arch, model_type, eps=1e-5, pad=1):
    P = 64 + pad + 1
    shapes = {'roberta.embeddings.word_embeddings.weight': [vocab_size, H], 'roberta.embeddings.position_embeddings.weight': [P, H],
              'roberta.embeddings.token_type_embeddings.weight': [1, H], 'roberta.embeddings.LayerNorm.weight': [H], 'roberta.embeddings.LayerNorm.bias': [H]}
    for l in range(LAYERS):
        shapes.update(bert_layer_shapes(f'roberta.encoder.layer.{l}.'))
    if head == 'classification':
        shapes.update({'classifier.dense.weight': [H, H], 'classifier.dense.bias': [H], 'classifier.out_proj.weight': [LABELS, H], 'classifier.out_proj.bias': [LABELS]})
    else:  # MaskedLM: the pooler of the base model and an lm_head the loader must ignore
        shapes.update({'roberta.pooler.dense.weight': [H, H], 'roberta.pooler.dense.bias': [H], 'lm_head.dense.weight': [H, H], 'lm_head.dense.bias': [H],
                       'lm_head.layer_norm.weight': [H], 'lm_head.layer_norm.bias': [H], 'lm_head.decoder.weight': [vocab_size, H], 'lm_head.bias': [vocab_size]})
    w = random_weights(shapes, seed)
    config = dict(architectures=[arch], model_type=model_type, vocab_size=vocab_size, hidden_size=H, num_hidden_layers=LAYERS,
                  num_attention_heads=HEADS, intermediate_size=INTER, hidden_act='gelu', hidden_dropout_prob=0.1,
                  attention_probs_dropout_prob=0.1, max_position_embeddings=P, type_vocab_size=1, initializer_range=0.02,
                  layer_norm_eps=eps, pad_token_id=pad, bos_token_id=0, eos_token_id=2, position_embedding_type='absolute',
                  classifier_dropout=None, num_labels=LABELS if head == 'classification' else 2)

    def forward(ids, mask):
        keep = (ids != pad).long()
        pos = torch.cumsum(keep, dim=1) * keep + pad  # create_position_ids_from_input_ids
        x = w['roberta.embeddings.word_embeddings.weight'][ids] + w['roberta.embeddings.position_embeddings.weight'][pos] + w['roberta.embeddings.token_type_embeddings.weight'][0]
        x = ln(w, 'roberta.embeddings.LayerNorm', x, eps)
        hs = [x]
        for l in range(LAYERS):
            x = bert_layer(w, f'roberta.encoder.layer.{l}.', x, mask, eps)
            hs.append(x)
        cls = x[:, 0]
        if head == 'classification':  # RobertaClassificationHead = our pooler-tanh head on <s>
            logits = lin(w, 'classifier.out_proj', torch.tanh(lin(w, 'classifier.dense', cls)))
            return hs, {'logits_checkpoint_head': logits, 'logits_trained_head': logits}
        return hs, {'pooler_output': torch.tanh(lin(w, 'roberta.pooler.dense', cls))}

    d = fresh(name)
    tok.save(os.path.join(d, 'tokenizer.json'))
    return d, config, w, forward, pad


def bpe_tokenizer():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = ['<s>', '<pad>', '</s>', '<unk>']
    tok.train_from_iterator(CORPUS, trainers.BpeTrainer(vocab_size=420, min_frequency=2, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tok.add_special_tokens([AddedToken('<mask>', lstrip=True, special=True)])
    tok.post_processor = processors.RobertaProcessing(('</s>', 2), ('<s>', 0), trim_offsets=True, add_prefix_space=False)
    return tok


def unigram_tokenizer():
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(CORPUS), model_writer=buf, vocab_size=300, model_type='unigram', hard_vocab_limit=False,
                                   normalization_rule_name='nmt_nfkc', character_coverage=0.9995, seed_sentencepiece_size=5000, num_threads=1)
    proto = pb.ModelProto()
    proto.ParseFromString(buf.getvalue())
    # The XLM-R converter: fairseq's four specials first, the pieces after spm's own three, <mask> last.
    vocab = [('<s>', 0.0), ('<pad>', 0.0), ('</s>', 0.0), ('<unk>', 0.0)] + [(p.piece, p.score) for p in proto.pieces[3:]] + [('<mask>', 0.0)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Precompiled(proto.normalizer_spec.precompiled_charsmap), normalizers.Replace(Regex(' {2,}'), ' ')])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement='▁', prepend_scheme='always')
    tok.decoder = decoders.Metaspace(replacement='▁', prepend_scheme='always')
    tok.add_special_tokens([AddedToken(t, special=True) for t in ['<s>', '<pad>', '</s>', '<unk>']] + [AddedToken('<mask>', lstrip=True, special=True)])
    tok.post_processor = processors.TemplateProcessing(single='<s> $A </s>', pair='<s> $A </s> </s> $B </s>', special_tokens=[('<s>', 0), ('</s>', 2)])
    return tok, len(vocab)


# ---- MiniLM-style BERT ------------------------------------------------------------------------

def minilm():
    vocab = json.load(open(os.path.join(TINY, 'tokenizer.json')))['model']['vocab']
    V, P, L, I = max(vocab.values()) + 1, 64, 3, 4 * H
    shapes = {'embeddings.word_embeddings.weight': [V, H], 'embeddings.position_embeddings.weight': [P, H], 'embeddings.token_type_embeddings.weight': [2, H],
              'embeddings.LayerNorm.weight': [H], 'embeddings.LayerNorm.bias': [H]}
    for l in range(L):
        shapes.update(bert_layer_shapes(f'encoder.layer.{l}.', I))
    w = random_weights(shapes, 11)
    config = dict(architectures=['BertModel'], model_type='bert', vocab_size=V, hidden_size=H, num_hidden_layers=L, num_attention_heads=HEADS,
                  intermediate_size=I, hidden_act='gelu', hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, max_position_embeddings=P,
                  type_vocab_size=2, initializer_range=0.02, layer_norm_eps=1e-12, pad_token_id=0, position_embedding_type='absolute',
                  gradient_checkpointing=False, transformers_version='4.8.2')

    def forward(ids, mask):
        x = w['embeddings.word_embeddings.weight'][ids] + w['embeddings.position_embeddings.weight'][torch.arange(ids.shape[1])][None] + w['embeddings.token_type_embeddings.weight'][0]
        x = ln(w, 'embeddings.LayerNorm', x, 1e-12)
        hs = [x]
        for l in range(L):
            x = bert_layer(w, f'encoder.layer.{l}.', x, mask, 1e-12)
            hs.append(x)
        return hs, {}

    d = fresh('tiny-minilm')
    for f in ('vocab.txt', 'tokenizer_config.json'):
        shutil.copy(os.path.join(TINY, f), d)
    write_safetensors(os.path.join(d, 'model.safetensors'), {k: v.float() for k, v in w.items()})
    return d, config, Tokenizer.from_file(os.path.join(TINY, 'tokenizer.json')), forward, 0


# ---- outputs ----------------------------------------------------------------------------------

def fresh(name):
    d = os.path.join(FIX, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def tokenizer_cases(tok):
    cases = []
    for text, pair, max_length in TEXTS:
        t = Tokenizer.from_str(tok.to_str())
        if max_length:
            t.enable_truncation(max_length, strategy='longest_first')
        e = t.encode(text, pair) if pair is not None else t.encode(text)
        cases.append(dict(text=text, text_pair=pair, max_length=max_length, input_ids=e.ids, tokens=e.tokens))
    return cases


def write_outputs(d, config, tok, forward, pad):
    json.dump(config, open(os.path.join(d, 'config.json'), 'w'), indent=2)
    json.dump(tokenizer_cases(tok), open(os.path.join(d, 'tokenizer_cases.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
    rows = [tok.encode(t).ids for t in ['Hello world!', 'Café naïve résumé, the quick brown fox.', 'short']]
    S = max(map(len, rows))
    ids = torch.tensor([r + [pad] * (S - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (S - len(r)) for r in rows])
    with torch.no_grad():
        hs, extra = forward(ids, mask)
    ref = {'input_ids': ids.tolist(), 'attention_mask': mask.tolist()}
    for i, t in enumerate(hs):
        ref[f'hidden_state_{i}'] = {'shape': list(t.shape), 'data': [round(float(x), 8) for x in t.flatten()]}
    for k, t in extra.items():
        ref[k] = {'shape': list(t.shape), 'data': [round(float(x), 8) for x in t.flatten()]}
    json.dump(ref, open(os.path.join(d, 'reference_outputs.json'), 'w'))
    for fn in sorted(os.listdir(d)):
        print(os.path.basename(d), fn, os.path.getsize(os.path.join(d, fn)))


def main():
    write_outputs(*distilbert())

    bpe = bpe_tokenizer()
    d, config, w, fwd, pad = roberta_like('tiny-roberta', bpe, bpe.get_vocab_size(), 13, 'classification', 'RobertaForSequenceClassification', 'roberta')
    torch.save({k: v.half() for k, v in w.items()}, os.path.join(d, 'pytorch_model.bin'))
    json.dump({'model_max_length': 64, 'tokenizer_class': 'RobertaTokenizer', 'pad_token': '<pad>', 'unk_token': '<unk>'}, open(os.path.join(d, 'tokenizer_config.json'), 'w'))
    write_outputs(d, config, bpe, fwd, pad)

    uni, V = unigram_tokenizer()
    d, config, w, fwd, pad = roberta_like('tiny-xlmr', uni, V, 17, 'mlm', 'XLMRobertaForMaskedLM', 'xlm-roberta')
    write_safetensors(os.path.join(d, 'model.safetensors'), {k: v.float() for k, v in w.items()})
    json.dump({'model_max_length': 64, 'tokenizer_class': 'XLMRobertaTokenizer', 'pad_token': {'__type': 'AddedToken', 'content': '<pad>'}}, open(os.path.join(d, 'tokenizer_config.json'), 'w'))
    write_outputs(d, config, uni, fwd, pad)

    write_outputs(*minilm())


if __name__ == '__main__':
    main()
