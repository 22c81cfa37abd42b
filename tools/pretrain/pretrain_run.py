"""A long, resumable pretraining run that continues across sessions and machines.

    nohup setsid nice -n 10 /usr/bin/python3 tools/pretrain/pretrain_run.py --run-name NAME \
        --threads 1 --deadline 05:55 > /root/blora-pretrain/NAME/stdout.log 2>&1 &

The same command starts the run or, if /root/blora-pretrain/NAME/ holds a checkpoint, resumes it
exactly: the run-defining settings are read from the checkpoint (a differing value is an error,
except --steps, which may be raised while the learning rate is still on its plateau), and only the
runtime settings (--threads, --deadline, --stop-at, cadences) come from the command line.

State restored exactly (check_resume.py checks it bit for bit): weights, AdamW moments, step (so the
learning-rate schedule position), the data position (a seeded permutation of the packed training
sequences per epoch, and the index into it), the masking generator, and the torch / numpy / Python
RNG states (dropout draws from torch's). Checkpoints are written every --ckpt-minutes (temp file +
rename), the last two are kept; at the deadline, at --stop-at and on SIGTERM/SIGINT (`kill PID`) the run
finishes its step, checkpoints and stops. log.jsonl (same folder) records tokens seen, training loss and
accuracy, held-out masked-token loss/accuracy (fixed masks), a linear probe on SST-2, wall time.

Objective (see README.md, "The long run"): masked-language modelling with whole-word masking
(--masking wwm; 'token' = BERT's original) plus sentence-order prediction on the pooler
(--sop 1.0 = loss weight; 0 turns it off): each sequence is [CLS] A [SEP] B [SEP], A and B two
consecutive spans of the stream cut near a full stop, swapped with probability 1/2, token type 0/1.
"""
import argparse
import calendar
import glob
import hashlib
import json
import os
import random
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpora  # noqa: E402
from bert_tokenizer import BertTokenizer, vocab_from_npm_json  # noqa: E402
from glove_init import glove_init_  # noqa: E402
from model import BertConfig, BertForMaskedLM  # noqa: E402
import probe as probe_mod  # noqa: E402

VOCAB_JSON = os.path.join(corpora.NM, 'bert-tokenizer', 'assets', 'vocab.json')
RUNS = '/root/blora-pretrain'
N_SPECIAL = 999  # ids below are [PAD], [unusedN], [UNK], [CLS], [SEP], [MASK]
# Settings that define the run: fixed at the start, checked on every resume.
RUN_KEYS = ('data_sha256', 'seq_len', 'batch', 'lr', 'warmup_steps', 'decay_steps', 'weight_decay', 'seed',
            'heldout_seqs', 'masking', 'mask_prob', 'sop', 'glove', 'layers', 'hidden', 'heads', 'ffn')


def now():
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())


def parse_deadline(s):
    """'HH:MM' (UTC, today; tomorrow if already past) or a unix time."""
    if s is None:
        return None
    if ':' in s:
        hh, mm = (int(x) for x in s.split(':'))
        t = time.gmtime()
        dl = calendar.timegm((t.tm_year, t.tm_mon, t.tm_mday, hh, mm, 0))
        return dl if dl > time.time() else dl + 86400
    return float(s)


class Data:
    """The token stream cut into packed sequences; a seeded held-out set; per-epoch permutations."""

    def __init__(self, data_dir, seq_len, sop, heldout_seqs, seed):
        with open(os.path.join(data_dir, 'manifest.json'), encoding='utf-8') as f:
            self.manifest = json.load(f)
        self.stream = np.fromfile(os.path.join(data_dir, 'tokens.u16'), dtype=np.uint16)
        self.sha256 = self.manifest['tokens_sha256']
        self.body = seq_len - (3 if sop else 2)
        n = self.stream.size // self.body
        self.seqs = self.stream[:n * self.body].reshape(n, self.body)
        rng = np.random.Generator(np.random.PCG64(seed))
        hold = np.sort(rng.choice(n, size=heldout_seqs, replace=False))
        mask = np.ones(n, dtype=bool)
        mask[hold] = False
        self.heldout_idx = hold
        self.train_idx = np.nonzero(mask)[0]
        self.seed = seed

    def permutation(self, epoch):
        return np.random.Generator(np.random.PCG64([self.seed, 1000 + epoch])).permutation(self.train_idx.size)

    def batch_indices(self, step, batch):
        per_epoch = self.train_idx.size // batch
        epoch, pos = divmod(step, per_epoch)
        perm = self.permutation(epoch)
        return epoch, pos, self.train_idx[perm[pos * batch:(pos + 1) * batch]]


def make_inputs(body, gen, cls_id, sep_id, dot_id, sop):
    """[CLS] body [SEP] (sop off) or [CLS] A [SEP] B [SEP] with A/B swapped at random (sop on)."""
    b = torch.from_numpy(body.astype(np.int64))
    n, L = b.shape
    if not sop:
        ids = torch.cat([torch.full((n, 1), cls_id), b, torch.full((n, 1), sep_id)], 1)
        return ids, torch.zeros_like(ids), None
    cut = torch.randint(L // 4, 3 * L // 4 + 1, (n,), generator=gen)
    swap = torch.rand(n, generator=gen) < 0.5
    rows, types = [], []
    for i in range(n):
        row = b[i]
        c = int(cut[i])
        dots = (row[max(1, c - 20):min(L - 1, c + 20)] == dot_id).nonzero().flatten()
        if dots.numel():  # cut after the full stop nearest to the drawn point
            c = max(1, c - 20) + int(dots[(dots + max(1, c - 20) - c).abs().argmin()]) + 1
        a, bb = row[:c], row[c:]
        if swap[i]:
            a, bb = bb, a
        rows.append(torch.cat([torch.tensor([cls_id]), a, torch.tensor([sep_id]), bb, torch.tensor([sep_id])]))
        types.append(torch.cat([torch.zeros(a.numel() + 2, dtype=torch.long), torch.ones(bb.numel() + 1, dtype=torch.long)]))
    return torch.stack(rows), torch.stack(types), swap.long()


def mask_ids(ids, gen, vocab_size, mask_id, is_cont, masking, prob):
    """BERT masking (80 % [MASK], 10 % random, 10 % kept) of `prob` of the non-special positions,
    chosen per token ('token') or per whole word ('wwm': a word's ## pieces go with its first piece)."""
    special = ids < N_SPECIAL
    if masking == 'wwm':
        start = (~is_cont[ids]) | special
        widx = torch.cumsum(start.long(), 1) - 1
        draw = torch.rand(ids.shape, generator=gen)
        chosen = (draw.gather(1, widx) < prob) & ~special
    else:
        p = torch.full(ids.shape, prob)
        p[special] = 0.0
        chosen = torch.bernoulli(p, generator=gen).bool()
    labels = ids.clone()
    labels[~chosen] = -100
    inp = ids.clone()
    r = torch.rand(ids.shape, generator=gen)
    inp[chosen & (r < 0.8)] = mask_id
    rnd = chosen & (r >= 0.8) & (r < 0.9)
    inp[rnd] = torch.randint(N_SPECIAL, vocab_size, ids.shape, generator=gen)[rnd]
    return inp, labels


class SopHead(torch.nn.Module):
    """Sentence-order prediction from the pooler output (HF BertForPreTraining's seq_relationship)."""

    def __init__(self, hidden):
        super().__init__()
        self.seq_relationship = torch.nn.Linear(hidden, 2)
        self.seq_relationship.weight.data.normal_(0.0, 0.02)
        self.seq_relationship.bias.data.zero_()

    def forward(self, pooled):
        return self.seq_relationship(pooled)


def forward_losses(model, sop_head, inp, types, labels, sop_labels):
    am = torch.ones_like(inp)
    h, pooled = model.bert(inp, am, types, with_pooler=sop_head is not None)
    sel = labels.view(-1) >= 0
    hm = h.reshape(-1, h.shape[-1])[sel]
    y = labels.view(-1)[sel]
    logits = F.linear(model.transform(hm), model.bert.embeddings.word_embeddings.weight, model.decoder_bias)
    mlm = F.cross_entropy(logits, y)
    out = {'mlm_loss': mlm, 'mlm_correct': (logits.argmax(-1) == y).sum(), 'mlm_n': y.numel()}
    if sop_head is not None:
        sl = sop_head(pooled)
        out['sop_loss'] = F.cross_entropy(sl, sop_labels)
        out['sop_correct'] = (sl.argmax(-1) == sop_labels).sum()
        out['sop_n'] = sop_labels.numel()
    return out


@torch.no_grad()
def evaluate(model, sop_head, data, a, tok, is_cont, bs=50):
    """Held-out loss/accuracy with fixed seeded masks (token-level 15 %, comparable with the committed
    model's figure, and whole-word), and sentence-order accuracy; touches no global RNG."""
    model.eval()
    if sop_head is not None:
        sop_head.eval()
    res = {}
    for kind in ('token', 'wwm'):
        gen = torch.Generator().manual_seed(a['seed'] + 12345)
        tl = tc = tn = sc = sn = 0.0
        for i in range(0, data.heldout_idx.size, bs):
            body = data.seqs[data.heldout_idx[i:i + bs]]
            ids, types, sop_y = make_inputs(body, gen, tok.cls_id, tok.sep_id, tok.token_to_id['.'], a['sop'] > 0)
            inp, labels = mask_ids(ids, gen, tok_vocab_size(tok), tok.mask_id, is_cont, kind, a['mask_prob'])
            o = forward_losses(model, sop_head, inp, types, labels, sop_y)
            tl += o['mlm_loss'].item() * o['mlm_n']
            tc += o['mlm_correct'].item()
            tn += o['mlm_n']
            if sop_head is not None:
                sc += o['sop_correct'].item()
                sn += o['sop_n']
        res[f'heldout_{kind}_loss'] = tl / tn
        res[f'heldout_{kind}_acc'] = tc / tn
        res[f'heldout_{kind}_masked'] = int(tn)
        if sn:
            res['heldout_sop_acc'] = sc / sn
    model.train()
    if sop_head is not None:
        sop_head.train()
    return res


def tok_vocab_size(tok):
    return len(tok.vocab)


def ckpt_paths(run_dir):
    return sorted(glob.glob(os.path.join(run_dir, 'ckpt-*.pt')), key=lambda p: int(p.rsplit('-', 1)[1][:-3]))


def load_latest(run_dir):
    """The newest checkpoint that loads (an interrupted write leaves only a .tmp, but be safe)."""
    for p in reversed(ckpt_paths(run_dir)):
        try:
            return torch.load(p), p
        except Exception as e:  # noqa: BLE001
            print(f'cannot load {p}: {e}; trying the previous one', flush=True)
    return None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run-name', required=True)
    ap.add_argument('--runs', default=RUNS, help='parent of the run folder (outside the work tree)')
    ap.add_argument('--data', default=os.path.join(RUNS, 'corpus'), help='build_corpus.py output')
    # run-defining (fixed at the start)
    ap.add_argument('--steps', type=int, default=16000,
                    help='total steps of the schedule (may be changed on resume while on the plateau)')
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--seq-len', type=int, default=128)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--warmup-steps', type=int, default=500)
    ap.add_argument('--decay-steps', type=int, default=2000,
                    help='linear decay to 0 over the last N steps (warm-up, plateau, decay)')
    ap.add_argument('--weight-decay', type=float, default=0.01)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--heldout-seqs', type=int, default=500)
    ap.add_argument('--masking', choices=['token', 'wwm'], default='wwm')
    ap.add_argument('--mask-prob', type=float, default=0.15)
    ap.add_argument('--sop', type=float, default=1.0, help='weight of the sentence-order loss (0 = off)')
    ap.add_argument('--glove', type=float, default=0.1)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--hidden', type=int, default=128)
    ap.add_argument('--heads', type=int, default=2)
    ap.add_argument('--ffn', type=int, default=512)
    # runtime
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--deadline', default=None, help="'HH:MM' UTC or unix time: checkpoint and stop")
    ap.add_argument('--stop-at', type=int, default=None, help='checkpoint and stop after this step')
    ap.add_argument('--ckpt-minutes', type=float, default=5.0)
    ap.add_argument('--log-every', type=int, default=20)
    ap.add_argument('--eval-every', type=int, default=250)
    ap.add_argument('--probe-every', type=int, default=250, help='SST-2 linear probe cadence (0 = never)')
    args = ap.parse_args()

    # SIGTERM / SIGINT (e.g. `kill PID` at the end of a session): finish the step, checkpoint, stop.
    signalled = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: signalled.append(signum))
    torch.set_num_threads(args.threads)
    run_dir = os.path.join(args.runs, args.run_name)
    os.makedirs(run_dir, exist_ok=True)
    log_path = os.path.join(run_dir, 'log.jsonl')
    logf = open(log_path, 'a', encoding='utf-8')

    def log(rec):
        rec = {'time': now(), **rec}
        logf.write(json.dumps(rec) + '\n')
        logf.flush()
        print(json.dumps(rec), flush=True)

    deadline = parse_deadline(args.deadline)
    with open(os.path.join(args.data, 'manifest.json'), encoding='utf-8') as f:
        data_sha = json.load(f)['tokens_sha256']
    a = {'data_sha256': data_sha, 'seq_len': args.seq_len, 'batch': args.batch, 'lr': args.lr,
         'warmup_steps': args.warmup_steps, 'decay_steps': args.decay_steps, 'weight_decay': args.weight_decay,
         'seed': args.seed, 'heldout_seqs': args.heldout_seqs, 'masking': args.masking, 'mask_prob': args.mask_prob,
         'sop': args.sop, 'glove': args.glove, 'layers': args.layers, 'hidden': args.hidden, 'heads': args.heads,
         'ffn': args.ffn}
    ck, ck_path = load_latest(run_dir)
    if ck is not None:
        given = {k: v for k, v in a.items()}
        a = dict(ck['run'])
        given_flags = {s.split('=', 1)[0].lstrip('-').replace('-', '_') for s in sys.argv[1:] if s.startswith('--')}
        explicit = {k for k in vars(args) if k in given_flags}
        bad = [k for k in RUN_KEYS if k in explicit and given[k] != a[k]]
        if given['data_sha256'] != a['data_sha256']:
            bad.append('data_sha256 (the corpus in --data is not the one this run was started on)')
        if bad:
            sys.exit(f'{ck_path}: these settings differ from the run being resumed: {bad}')

    random.seed(a['seed'])
    np.random.seed(a['seed'])
    torch.manual_seed(a['seed'])
    tok = BertTokenizer(vocab_from_npm_json(VOCAB_JSON))
    is_cont = torch.tensor([t.startswith('##') for t in tok.vocab])
    cfg = BertConfig(hidden_size=a['hidden'], num_hidden_layers=a['layers'], num_attention_heads=a['heads'],
                     intermediate_size=a['ffn'], max_position_embeddings=max(128, a['seq_len']))
    model = BertForMaskedLM(cfg)
    sop_head = SopHead(cfg.hidden_size) if a['sop'] > 0 else None
    glove_stats = None
    if a['glove'] > 0 and ck is None:
        glove_stats = glove_init_(model.bert.embeddings.word_embeddings.weight, tok.vocab, a['seed'], a['glove'])
    params = list(model.named_parameters()) + (list(sop_head.named_parameters()) if sop_head else [])
    decay = [p for n, p in params if p.ndim >= 2 and 'LayerNorm' not in n]
    no_decay = [p for n, p in params if not (p.ndim >= 2 and 'LayerNorm' not in n)]
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': a['weight_decay']},
                             {'params': no_decay, 'weight_decay': 0.0}], lr=a['lr'], betas=(0.9, 0.98), eps=1e-6)
    gen = torch.Generator().manual_seed(a['seed'])
    data = Data(args.data, a['seq_len'], a['sop'] > 0, a['heldout_seqs'], a['seed'])
    step, elapsed_before, total_steps, last_eval = 0, 0.0, args.steps, None
    segments = [{'from_step': 0, 'steps': total_steps}]
    if ck is not None:
        model.load_state_dict(ck['model'])
        if sop_head is not None:
            sop_head.load_state_dict(ck['sop_head'])
        opt.load_state_dict(ck['opt'])
        step = ck['step']
        gen.set_state(ck['gen'])
        torch.set_rng_state(ck['torch_rng'])
        np.random.set_state(ck['numpy_rng'])
        random.setstate(ck['python_rng'])
        elapsed_before = ck['elapsed']
        segments = ck['segments']
        glove_stats = ck.get('glove')
        last_eval = ck.get('last_eval')
        total_steps = segments[-1]['steps']
        if 'steps' in given_flags and args.steps != total_steps:
            if step > min(total_steps, args.steps) - a['decay_steps']:
                sys.exit(f'--steps {args.steps}: at step {step} the run must stay on the plateau '
                         f'(the decay over the last {a["decay_steps"]} steps of {total_steps} / {args.steps} has begun)')
            total_steps = args.steps
            segments.append({'from_step': step, 'steps': total_steps})
        log({'event': 'resume', 'step': step, 'checkpoint': os.path.basename(ck_path), 'segments': segments,
             'threads': args.threads, 'deadline': deadline})
        del ck
    else:
        log({'event': 'start', 'run': a, 'steps': total_steps, 'threads': args.threads, 'deadline': deadline,
             'glove': glove_stats, 'train_seqs': int(data.train_idx.size), 'heldout_seqs': int(data.heldout_idx.size),
             'corpus_tokens': int(data.stream.size), 'torch': torch.__version__,
             'params': sum(p.numel() for p in model.parameters())})
    warm = a['warmup_steps']

    def lr_at(s):  # warm-up, plateau, linear decay to 0 over the last decay_steps
        if s < warm:
            return a['lr'] * (s + 1) / warm
        d0 = total_steps - a['decay_steps']
        if s < d0:
            return a['lr']
        return a['lr'] * max(0.0, (total_steps - s) / max(1, a['decay_steps']))

    probe = None
    if args.probe_every:
        try:
            probe = probe_mod.Sst2Probe(tok)
        except FileNotFoundError as e:
            log({'event': 'note', 'msg': f'no SST-2 probe: {e}'})

    def tokens_seen(s):
        return s * a['batch'] * a['seq_len']

    def save(final=False):
        st = {'model': model.state_dict(), 'sop_head': sop_head.state_dict() if sop_head else None,
              'opt': opt.state_dict(), 'step': step, 'gen': gen.get_state(), 'torch_rng': torch.get_rng_state(),
              'numpy_rng': np.random.get_state(), 'python_rng': random.getstate(),
              'elapsed': elapsed_before + (time.time() - t_start), 'run': a, 'segments': segments,
              'glove': glove_stats, 'config': cfg.to_dict(), 'final': final, 'pooler_trained': sop_head is not None,
              'stats': data.manifest['corpora'], 'tokens_seen': tokens_seen(step)}
        st['last_eval'] = last_eval
        path = os.path.join(run_dir, f'ckpt-{step}.pt')
        torch.save(st, path + '.tmp')
        os.replace(path + '.tmp', path)
        write_summary(st)
        for old in ckpt_paths(run_dir)[:-2]:
            os.remove(old)
        log({'event': 'checkpoint', 'step': step, 'file': os.path.basename(path),
             'tokens_seen': tokens_seen(step), 'wall_s': round(st['elapsed'])})

    def write_summary(st):
        """summary.json next to the checkpoints, in the fields export.py / make_card.py read."""
        ev = st['last_eval'] or {}
        summ = {'steps': total_steps, 'checkpoint_step': step, 'batch': a['batch'], 'seq_len': a['seq_len'],
                'lr': a['lr'], 'warmup_steps': warm, 'decay_steps': a['decay_steps'], 'seed': a['seed'],
                'train_wall_s': st['elapsed'], 'tokens_seen': tokens_seen(step),
                'tokens_per_s': tokens_seen(step) / max(1.0, st['elapsed']),
                'heldout_loss': ev.get('heldout_token_loss'), 'heldout_acc': ev.get('heldout_token_acc'),
                'heldout_masked_tokens': ev.get('heldout_token_masked'), 'heldout_eval_step': ev.get('step'),
                'last_eval': ev, 'train_sequences': int(data.train_idx.size),
                'heldout_sequences': int(data.heldout_idx.size), 'schedule': 'warm-up, plateau, linear decay',
                'schedule_segments': segments, 'glove_init': glove_stats, 'objective': {
                    'masking': a['masking'], 'mask_prob': a['mask_prob'], 'sop_weight': a['sop']},
                'corpora': data.manifest['corpora'], 'corpus_tokens_sha256': a['data_sha256'],
                'torch': torch.__version__, 'threads': args.threads, 'args': {**a, 'run_name': args.run_name},
                'script': 'tools/pretrain/pretrain_run.py'}
        tmp = os.path.join(run_dir, 'summary.json.tmp')
        with open(tmp, 'w') as f:
            json.dump(summ, f, indent=1)
        os.replace(tmp, os.path.join(run_dir, 'summary.json'))

    def measure():
        nonlocal last_eval
        rec = {'event': 'eval', 'step': step, 'tokens_seen': tokens_seen(step),
               'wall_s': round(elapsed_before + time.time() - t_start)}
        t0 = time.time()
        rec.update(evaluate(model, sop_head, data, a, tok, is_cont))
        if probe is not None and args.probe_every and step % args.probe_every == 0:
            rec.update(probe.run(model.bert))
        rec['eval_s'] = round(time.time() - t0, 1)
        log(rec)
        last_eval = rec

    t_start = time.time()
    if step == 0:
        measure()
    last_ckpt = time.time()
    t_log, tok_since = time.time(), 0
    acc = {'mlm_loss': 0.0, 'mlm_correct': 0.0, 'mlm_n': 0, 'sop_loss': 0.0, 'sop_correct': 0.0, 'sop_n': 0, 'k': 0}
    model.train()
    while step < total_steps:
        epoch, pos, idx = data.batch_indices(step, a['batch'])
        ids, types, sop_y = make_inputs(data.seqs[idx], gen, tok.cls_id, tok.sep_id, tok.token_to_id['.'], a['sop'] > 0)
        inp, labels = mask_ids(ids, gen, len(tok.vocab), tok.mask_id, is_cont, a['masking'], a['mask_prob'])
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        o = forward_losses(model, sop_head, inp, types, labels, sop_y)
        loss = o['mlm_loss'] + (a['sop'] * o['sop_loss'] if sop_head is not None else 0.0)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for _, p in params], 1.0)
        opt.step()
        step += 1
        tok_since += inp.numel()
        acc['k'] += 1
        acc['mlm_loss'] += o['mlm_loss'].item()
        acc['mlm_correct'] += o['mlm_correct'].item()
        acc['mlm_n'] += o['mlm_n']
        if sop_head is not None:
            acc['sop_loss'] += o['sop_loss'].item()
            acc['sop_correct'] += o['sop_correct'].item()
            acc['sop_n'] += o['sop_n']
        if step % args.log_every == 0 or step == total_steps:
            dt = time.time() - t_log
            rec = {'event': 'train', 'step': step, 'epoch': epoch, 'epoch_pos': pos + 1, 'tokens_seen': tokens_seen(step),
                   'lr': lr_at(step - 1), 'mlm_loss': acc['mlm_loss'] / acc['k'], 'mlm_acc': acc['mlm_correct'] / acc['mlm_n'],
                   'tok_per_s': round(tok_since / dt), 'wall_s': round(elapsed_before + time.time() - t_start)}
            if acc['sop_n']:
                rec['sop_loss'] = acc['sop_loss'] / acc['k']
                rec['sop_acc'] = acc['sop_correct'] / acc['sop_n']
            log(rec)
            t_log, tok_since = time.time(), 0
            acc = {k: 0 if isinstance(v, int) else 0.0 for k, v in acc.items()}
        if step % args.eval_every == 0 or step == total_steps:
            measure()
            t_log = time.time()
        stop = (args.stop_at is not None and step >= args.stop_at) or \
            (deadline is not None and time.time() >= deadline) or bool(signalled)
        if step == total_steps or stop or time.time() - last_ckpt >= args.ckpt_minutes * 60:
            save(final=step == total_steps)
            last_ckpt = time.time()
        if stop and step < total_steps:
            reason = 'signal' if signalled else 'stop-at' if args.stop_at is not None and step >= args.stop_at else 'deadline'
            log({'event': 'stop', 'step': step, 'reason': reason})
            return
    log({'event': 'done', 'step': step, 'tokens_seen': tokens_seen(step)})


if __name__ == '__main__':
    main()
