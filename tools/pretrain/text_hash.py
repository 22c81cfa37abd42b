"""Normalised text units and their hashes, shared by the corpus build and the exclusion check.

A unit is a text reduced to its lowercase ASCII-folded alphanumeric words joined by one space
("It's a charming journey." and "it 's a charming  journey ." give the same unit), so tokenisation,
spacing, case, accents and punctuation do not hide a copy.
"""
import hashlib
import re
import unicodedata

_WORDS = re.compile(r'[a-z0-9]+')
_SENT = re.compile(r'(?<=[.!?])\s+|\n')
MIN_SENTENCE_WORDS = 4  # shorter sentences ("Yes.", "a mess .") are not distinctive
NGRAM = 13  # eval texts of >= 13 words: any shared 13-word window counts as a copy


def norm(text):
    if not text.isascii():
        text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode('ascii')
    return ' '.join(_WORDS.findall(text.lower()))


def sentences(text):
    return [s for s in _SENT.split(text) if s.strip()]


def units(text, min_words=MIN_SENTENCE_WORDS):
    """The normalised whole text, each of its lines and each sentence of >= min_words words."""
    out = set()
    whole = norm(text)
    if whole:
        out.add(whole)
    for s in sentences(text):
        n = norm(s)
        if n.count(' ') + 1 >= min_words:
            out.add(n)
    return out


def ngrams(unit, n=NGRAM):
    w = unit.split(' ')
    return {' '.join(w[i:i + n]) for i in range(len(w) - n + 1)}


def h64(unit):
    """A stable 64-bit hash of a unit (blake2b), as an int."""
    return int.from_bytes(hashlib.blake2b(unit.encode('utf-8'), digest_size=8).digest(), 'little')
