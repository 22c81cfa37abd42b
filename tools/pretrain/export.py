"""Export a pretraining checkpoint to public/models/blora-tiny-uncased/.

    /usr/bin/python3 tools/pretrain/export.py --ckpt tools/.cache/run/ckpt.pt

Writes config.json, vocab.txt, tokenizer.json, tokenizer_config.json,
special_tokens_map.json, model.safetensors (F16, Hugging Face BertModel names,
no prefix), model.onnx (f32 weights = the f16 safetensors cast back to f32) and
pretrain_summary.json; plus tools/pretrain/fixtures/onnx_reference.json, the
torch outputs that verify_onnx.mjs compares model.onnx against.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import safetensors_io  # noqa: E402
from bert_tokenizer import BertTokenizer, vocab_from_npm_json, write_vocab_txt  # noqa: E402
from model import BertConfig, BertForMaskedLM, BertModel, extended_attention_mask  # noqa: E402
from train import VOCAB_JSON  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'public', 'models', 'blora-tiny-uncased')
FIX = os.path.join(HERE, 'fixtures')
POOLER_SEED = 20240


def hf_config(c: BertConfig):
    return {
        'architectures': ['BertForMaskedLM'],
        'model_type': 'bert',
        'vocab_size': c.vocab_size,
        'hidden_size': c.hidden_size,
        'num_hidden_layers': c.num_hidden_layers,
        'num_attention_heads': c.num_attention_heads,
        'intermediate_size': c.intermediate_size,
        'hidden_act': c.hidden_act,
        'hidden_dropout_prob': c.hidden_dropout_prob,
        'attention_probs_dropout_prob': c.attention_probs_dropout_prob,
        'max_position_embeddings': c.max_position_embeddings,
        'type_vocab_size': c.type_vocab_size,
        'initializer_range': c.initializer_range,
        'layer_norm_eps': c.layer_norm_eps,
        'pad_token_id': c.pad_token_id,
        'position_embedding_type': 'absolute',
        'classifier_dropout': None,
        'use_cache': True,
        'torch_dtype': 'float16',
    }


def tokenizer_json(vocab):
    specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']
    tid = {t: i for i, t in enumerate(vocab)}
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [{'id': tid[s], 'content': s, 'single_word': False, 'lstrip': False,
                          'rstrip': False, 'normalized': False, 'special': True} for s in specials],
        'normalizer': {'type': 'BertNormalizer', 'clean_text': True, 'handle_chinese_chars': True,
                       'strip_accents': True, 'lowercase': True},
        'pre_tokenizer': {'type': 'BertPreTokenizer'},
        'post_processor': {
            'type': 'TemplateProcessing',
            'single': [{'SpecialToken': {'id': '[CLS]', 'type_id': 0}},
                       {'Sequence': {'id': 'A', 'type_id': 0}},
                       {'SpecialToken': {'id': '[SEP]', 'type_id': 0}}],
            'pair': [{'SpecialToken': {'id': '[CLS]', 'type_id': 0}},
                     {'Sequence': {'id': 'A', 'type_id': 0}},
                     {'SpecialToken': {'id': '[SEP]', 'type_id': 0}},
                     {'Sequence': {'id': 'B', 'type_id': 1}},
                     {'SpecialToken': {'id': '[SEP]', 'type_id': 1}}],
            'special_tokens': {
                '[CLS]': {'id': '[CLS]', 'ids': [tid['[CLS]']], 'tokens': ['[CLS]']},
                '[SEP]': {'id': '[SEP]', 'ids': [tid['[SEP]']], 'tokens': ['[SEP]']},
            },
        },
        'decoder': {'type': 'WordPiece', 'prefix': '##', 'cleanup': True},
        'model': {'type': 'WordPiece', 'unk_token': '[UNK]', 'continuing_subword_prefix': '##',
                  'max_input_chars_per_word': 100, 'vocab': tid},
    }


class OnnxTrunk(torch.nn.Module):
    def __init__(self, bert: BertModel):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        last, pooled, hs = self.bert(input_ids, attention_mask, token_type_ids, output_hidden_states=True)
        return (last, pooled, *hs)


def compact_onnx(m):
    """Store large f32 initializers as f16 + Cast(to=float) when the f16 round trip is exact
    (it is: every weight came from the f16 safetensors), and drop the 'bert.' name prefix.
    Numerics are unchanged; the file is half the size."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    g = m.graph
    rename = {}
    for init in g.initializer:
        if init.name.startswith('bert.'):
            rename[init.name] = init.name[len('bert.'):]
    for init in g.initializer:
        if init.name in rename:
            init.name = rename[init.name]
    for node in g.node:
        for i, x in enumerate(node.input):
            if x in rename:
                node.input[i] = rename[x]
    casts = []
    new_inits = []
    for init in list(g.initializer):
        a = numpy_helper.to_array(init)
        if a.dtype == np.float32 and a.size >= 1024 and np.array_equal(a.astype(np.float16).astype(np.float32), a):
            h = numpy_helper.from_array(a.astype(np.float16), init.name + '_f16')
            new_inits.append(h)
            casts.append(helper.make_node('Cast', [h.name], [init.name], to=TensorProto.FLOAT,
                                          name='cast_f16_' + init.name))
        else:
            new_inits.append(init)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    return m


def reference_inputs(tok):
    cases = []
    # batch 2, padded second row, sentence pair in first row
    a = tok.encode('The whale swam past the ship.', 'Call me Ishmael!', max_length=16, padding=True)
    b = tok.encode('Fellow-citizens of the Senate.', None, max_length=16, padding=True)
    cases.append({'name': 'pair_and_padded', 'input_ids': [a['input_ids'], b['input_ids']],
                  'attention_mask': [a['attention_mask'], b['attention_mask']],
                  'token_type_ids': [a['token_type_ids'], b['token_type_ids']]})
    c = tok.encode('Hello world', None)
    cases.append({'name': 'short_single', 'input_ids': [c['input_ids']],
                  'attention_mask': [c['attention_mask']], 'token_type_ids': [c['token_type_ids']]})
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', default=os.path.join(ROOT, 'tools', '.cache', 'run', 'ckpt.pt'))
    ap.add_argument('--summary', default=None, help='summary.json of the run (default: next to ckpt)')
    ap.add_argument('--out', default=OUT)
    ap.add_argument('--opset', type=int, default=17)
    ap.add_argument('--ref', default=os.path.join(FIX, 'onnx_reference.json'),
                    help='where to write the torch reference outputs for verify_onnx.mjs')
    args = ap.parse_args()
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)

    ck = torch.load(args.ckpt)
    cfg = BertConfig(**ck['config'])
    mlm = BertForMaskedLM(cfg)
    mlm.load_state_dict(ck['model'])
    bert = mlm.bert
    # MLM alone does not train the pooler: then give it an explicit, seeded N(0, 0.02) init, zero
    # bias. A pretrain_run.py checkpoint with sentence-order prediction (pooler_trained) keeps it.
    pooler_trained = bool(ck.get('pooler_trained'))
    if not pooler_trained:
        g = torch.Generator().manual_seed(POOLER_SEED)
        with torch.no_grad():
            bert.pooler.dense.weight.copy_(torch.randn(bert.pooler.dense.weight.shape, generator=g) * cfg.initializer_range)
            bert.pooler.dense.bias.zero_()

    vocab = vocab_from_npm_json(VOCAB_JSON)
    write_vocab_txt(vocab, os.path.join(args.out, 'vocab.txt'))
    with open(os.path.join(args.out, 'config.json'), 'w') as f:
        json.dump(hf_config(cfg), f, indent=2)
        f.write('\n')
    with open(os.path.join(args.out, 'tokenizer.json'), 'w', encoding='utf-8') as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=False, separators=(',', ':'))
    tok_cfg = {'tokenizer_class': 'BertTokenizer', 'do_lower_case': True, 'do_basic_tokenize': True,
               'tokenize_chinese_chars': True, 'strip_accents': None, 'model_max_length': 128,
               'unk_token': '[UNK]', 'sep_token': '[SEP]', 'pad_token': '[PAD]', 'cls_token': '[CLS]',
               'mask_token': '[MASK]', 'clean_up_tokenization_spaces': True}
    with open(os.path.join(args.out, 'tokenizer_config.json'), 'w') as f:
        json.dump(tok_cfg, f, indent=2)
        f.write('\n')
    with open(os.path.join(args.out, 'special_tokens_map.json'), 'w') as f:
        json.dump({'unk_token': '[UNK]', 'sep_token': '[SEP]', 'pad_token': '[PAD]',
                   'cls_token': '[CLS]', 'mask_token': '[MASK]'}, f, indent=2)
        f.write('\n')

    # ---- safetensors (F16), HF BertModel names without prefix
    sd = {k: v.to(torch.float16) for k, v in bert.state_dict().items()}
    st_path = os.path.join(args.out, 'model.safetensors')
    safetensors_io.save_file(sd, st_path, metadata={'format': 'pt', 'source': 'tools/pretrain/export.py'})

    # ---- load back, cast to f32: ONNX and safetensors hold identical values
    loaded, _ = safetensors_io.load_file(st_path)
    assert set(loaded) == set(sd), 'tensor names differ after round trip'
    trunk_model = BertModel(cfg)
    trunk_model.load_state_dict({k: v.to(torch.float32) for k, v in loaded.items()})
    trunk_model.eval()
    trunk = OnnxTrunk(trunk_model).eval()

    tok = BertTokenizer(vocab)
    ref_cases = reference_inputs(tok)
    out_names = (['last_hidden_state', 'pooler_output']
                 + [f'hidden_state_{i}' for i in range(cfg.num_hidden_layers + 1)])
    onnx_path = os.path.join(args.out, 'model.onnx')
    dummy = tuple(torch.tensor(ref_cases[0][k], dtype=torch.int64)
                  for k in ('input_ids', 'attention_mask', 'token_type_ids'))
    dyn = {'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
           'token_type_ids': {0: 'batch', 1: 'sequence'},
           'pooler_output': {0: 'batch'}}
    for n in out_names:
        if n != 'pooler_output':
            dyn[n] = {0: 'batch', 1: 'sequence'}
    with torch.no_grad():
        torch.onnx.export(trunk, dummy, onnx_path, input_names=['input_ids', 'attention_mask', 'token_type_ids'],
                          output_names=out_names, dynamic_axes=dyn, opset_version=args.opset,
                          do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    m = compact_onnx(m)
    onnx.save(m, onnx_path)
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})
    print('onnx ops:', ops)
    assert 'Erf' in ops, 'GELU did not export as Erf'

    # ---- reference outputs for the Node/onnxruntime-web check
    ref = {'tolerance': 1e-4, 'output_names': out_names, 'cases': []}
    with torch.no_grad():
        for c in ref_cases:
            ins = [torch.tensor(c[k], dtype=torch.int64) for k in ('input_ids', 'attention_mask', 'token_type_ids')]
            outs = trunk(*ins)
            ref['cases'].append({**c, 'outputs': {n: {'dims': list(o.shape),
                                                      'data': [round(float(x), 7) for x in o.reshape(-1).tolist()]}
                                                  for n, o in zip(out_names, outs)}})
    os.makedirs(os.path.dirname(os.path.abspath(args.ref)), exist_ok=True)
    with open(args.ref, 'w') as f:
        json.dump(ref, f, separators=(',', ':'))

    # ---- summary
    summ_path = args.summary or os.path.join(os.path.dirname(args.ckpt), 'summary.json')
    summary = {}
    if os.path.exists(summ_path):
        with open(summ_path) as f:
            summary = json.load(f)
    summary.update({'checkpoint_step': ck['step'], 'checkpoint_final': ck.get('final', False),
                    'pooler_init_seed': None if pooler_trained else POOLER_SEED, 'pooler_trained': pooler_trained,
                    'safetensors_dtype': 'F16',
                    'onnx_opset': args.opset, 'onnx_outputs': out_names,
                    'attention_mask_convention': '(1 - mask) * finfo(float32).min added to scores'})
    with open(os.path.join(args.out, 'pretrain_summary.json'), 'w') as f:
        json.dump(summary, f, indent=2)
        f.write('\n')
    for fn in sorted(os.listdir(args.out)):
        print(f'{os.path.getsize(os.path.join(args.out, fn)):>10}  {fn}')


if __name__ == '__main__':
    main()
