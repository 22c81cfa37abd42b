"""Every evaluation text that must never enter pretraining.

* GLUE SST-2 test.tsv (the GLUE dev split, this project's SST-2 test) and val.tsv;
* GLUE RTE test.tsv (the GLUE dev split) — both sentences of each pair;
* the built-in data sets' test and ood splits (public/datasets/<id>/, text fields from dataset.json).

SpamAssassin and the fine-food reviews are not pretraining sources at all (corpora.py).
"""
import gzip
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
GLUE_CANDIDATES = [os.path.join(ROOT, '..', 'shared', 'datasets', 'glue'), '/work/shared/datasets/glue']
BUILTIN = os.path.join(ROOT, 'public', 'datasets')
BUILTIN_EVAL_SPLITS = ('test', 'ood')


def glue_dir():
    for d in GLUE_CANDIDATES:
        if os.path.isdir(d):
            return os.path.normpath(d)
    return None


def _tsv(path, cols):
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        idx = [header.index(c) for c in cols]
        for ln, line in enumerate(f, start=2):
            row = line.rstrip('\n').split('\t')
            for i, c in zip(idx, cols):
                if i < len(row) and row[i].strip():
                    yield f'{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)}:{ln}:{c}', row[i]


def eval_texts(require_glue=True):
    """(source, text) for every evaluation text; source names the file, line and field."""
    g = glue_dir()
    if g is None:
        if require_glue:
            raise FileNotFoundError('GLUE data not found (looked in ' + ', '.join(GLUE_CANDIDATES) + ')')
    else:
        for split in ('test.tsv', 'val.tsv'):
            yield from _tsv(os.path.join(g, 'SST-2', split), ['sentence'])
        yield from _tsv(os.path.join(g, 'RTE', 'test.tsv'), ['sentence1', 'sentence2'])
    for ds in sorted(os.listdir(BUILTIN)):
        man = os.path.join(BUILTIN, ds, 'dataset.json')
        if not os.path.exists(man):
            continue
        with open(man, encoding='utf-8') as f:
            m = json.load(f)
        for split in BUILTIN_EVAL_SPLITS:
            info = m['splits'].get(split)
            if not info:
                continue
            with gzip.open(os.path.join(BUILTIN, ds, info['file']), 'rt', encoding='utf-8') as f:
                for ln, line in enumerate(f, start=1):
                    row = json.loads(line)
                    for field in m['textFields']:
                        if row.get(field):
                            yield f'{ds}/{info["file"]}:{ln}:{field}', row[field]
