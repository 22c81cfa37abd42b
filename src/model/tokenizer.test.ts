import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BertTokenizer, truncatePairLengths } from './tokenizer';
import { parseVocabTxt, tokenizerFromJson, tokenizerFromVocabTxt } from './tokenizer_load';
import { normalizeText, preTokenize, isPunctuation, isControl, isWhitespace } from './text_normalize';
import { diffCase, type TokenizerCase } from './testing/tokenizer_fixtures';

const ROOT = join(__dirname, '..', '..');
const TINY = join(__dirname, '__fixtures__', 'tiny-bert');
const read = (p: string) => readFileSync(p, 'utf8');

// A hand-written vocabulary for the hand-checked cases below.
const HAND_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  '[MASK]',
  'un',
  '##aff',
  '##able',
  'hello',
  'world',
  ',',
  '!',
  'cafe',
  'nino',
  'uber',
  '中',
  '国',
  'a',
  'b',
  '##b',
  '##c',
  '.',
];
const hand = () => new BertTokenizer({ vocab: new Map(HAND_VOCAB.map((t, i) => [t, i])), modelMaxLength: 8 });

describe('text normalisation (BertNormalizer + BertPreTokenizer)', () => {
  it('classifies characters like HF', () => {
    expect(['!', '/', ':', '@', '[', '`', '{', '~', '¿', '。', '«', '—'].every(isPunctuation)).toBe(true);
    expect(['a', '1', 'x', '😀', '中', ' '].some(isPunctuation)).toBe(false);
    expect(isPunctuation('$')).toBe(true); // ASCII 36 counts although Unicode calls it Sc
    expect(isPunctuation('^')).toBe(true);
    expect(isControl('\u200b') && isControl('\x07') && isControl('\ufeff')).toBe(true);
    expect(isControl('\t') || isControl('\n') || isControl('\r')).toBe(false);
    expect(isWhitespace('\u00a0') && isWhitespace('\u3000') && isWhitespace('\t')).toBe(true);
  });

  it('strips accents, lowercases, cleans and spaces CJK', () => {
    expect(normalizeText('Café Niño ÜBER')).toBe('cafe nino uber');
    expect(normalizeText('a\u200bb\x00c\ufffdd\te')).toBe('abcd e');
    expect(normalizeText('中国x')).toBe(' 中  国 x');
    expect(preTokenize('hello,world!  (x)')).toEqual(['hello', ',', 'world', '!', '(', 'x', ')']);
  });

  it('keeps case and accents for a cased normaliser', () => {
    expect(normalizeText('Café', { cleanText: true, handleChineseChars: true, stripAccents: false, lowercase: false })).toBe('Café');
  });
});

describe('BertTokenizer (hand-checked)', () => {
  it('greedy longest-match WordPiece with ## and [UNK]', () => {
    const t = hand();
    expect(t.tokenize('UNAFFABLE')).toEqual(['un', '##aff', '##able']);
    expect(t.tokenize('Hello, World!')).toEqual(['hello', ',', 'world', '!']);
    expect(t.tokenize('Café Niño Über')).toEqual(['cafe', 'nino', 'uber']);
    expect(t.tokenize('abbc')).toEqual(['a', '##b', '##b', '##c']);
    expect(t.tokenize('abx')).toEqual(['[UNK]']); // not fully coverable → one [UNK]
    expect(t.tokenize('中国')).toEqual(['中', '国']);
    expect(t.tokenize('😀 a')).toEqual(['[UNK]', 'a']);
    expect(t.tokenize('b'.repeat(101))).toEqual(['[UNK]']); // > max_input_chars_per_word
    expect(t.tokenize('b'.repeat(100))).toEqual(['b', ...Array(99).fill('##b')]);
  });

  it('counts word length in code points, not UTF-16 units', () => {
    const t = hand();
    // 50 astral characters are 100 UTF-16 units but 50 code points: still under the limit.
    const w = '😀'.repeat(50);
    expect(t.tokenize(w)).toEqual(['[UNK]']);
    expect(t.tokenize('😀'.repeat(101))).toEqual(['[UNK]']);
  });

  it('adds [CLS]/[SEP], token types, truncation and padding', () => {
    const t = hand();
    const e = t.encode('hello world', 'a b', { maxLength: 10, padding: 'max_length' });
    expect(e.tokens).toEqual(['[CLS]', 'hello', 'world', '[SEP]', 'a', 'b', '[SEP]', '[PAD]', '[PAD]', '[PAD]']);
    expect(e.inputIds).toEqual([2, 8, 9, 3, 17, 18, 3, 0, 0, 0]);
    expect(e.tokenTypeIds).toEqual([0, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    const tr = t.encode('hello world hello world', 'a', { maxLength: 6 });
    expect(tr.tokens).toEqual(['[CLS]', 'hello', 'world', '[SEP]', 'a', '[SEP]']);
    // padding 'max_length' without maxLength uses model_max_length (8)
    expect(t.encode('a', null, { padding: 'max_length' }).inputIds).toHaveLength(8);
  });

  it('truncates pairs longest_first with the Rust tie rule', () => {
    expect(truncatePairLengths(3, 4, 10)).toEqual([3, 4]);
    expect(truncatePairLengths(2, 20, 9)).toEqual([2, 7]);
    expect(truncatePairLengths(20, 2, 9)).toEqual([7, 2]);
    expect(truncatePairLengths(10, 10, 9)).toEqual([4, 5]);
    expect(truncatePairLengths(5, 50, 9)).toEqual([4, 5]);
    expect(truncatePairLengths(50, 5, 9)).toEqual([5, 4]);
  });

  it('batch-encodes into Int32Array [B, L]', () => {
    const t = hand();
    const b = t.encodeBatch(['hello', ['a', 'b'], 'hello world !'], {});
    expect(b.batch).toBe(3);
    expect(b.seqLen).toBe(5);
    expect(b.inputIds).toBeInstanceOf(Int32Array);
    expect(Array.from(b.inputIds)).toEqual([2, 8, 3, 0, 0, 2, 17, 3, 18, 3, 2, 8, 9, 11, 3]);
    expect(Array.from(b.tokenTypeIds)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(b.attentionMask)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const fixed = t.encodeBatch(['hello world hello'], { maxLength: 4, padding: 'max_length' });
    expect(fixed.seqLen).toBe(4);
    expect(t.convertIdsToTokens(fixed.inputIds)).toEqual(['[CLS]', 'hello', 'world', '[SEP]']);
  });

  it('refuses a vocabulary without its special tokens', () => {
    expect(
      () =>
        new BertTokenizer({
          vocab: new Map([
            ['a', 0],
            ['[UNK]', 1],
          ]),
        }),
    ).toThrow(/\[PAD\]/);
  });
});

describe('loading tokenizer files', () => {
  it('parses vocab.txt lines (CRLF tolerated, later duplicates win)', () => {
    const v = parseVocabTxt('[PAD]\r\na\nb\na\n');
    expect(v.get('[PAD]')).toBe(0);
    expect(v.get('a')).toBe(3);
    expect(v.size).toBe(3);
  });

  it('tokenizer.json and vocab.txt give the same tokenizer', () => {
    const a = tokenizerFromJson(JSON.parse(read(join(TINY, 'tokenizer.json'))));
    const b = tokenizerFromVocabTxt(read(join(TINY, 'vocab.txt')), JSON.parse(read(join(TINY, 'tokenizer_config.json'))));
    expect(a.vocabSize).toBe(b.vocabSize);
    const text = 'Héllo, WORLD! 中国 😀 played';
    expect(a.encode(text, 'x')).toEqual(b.encode(text, 'x'));
    expect(b.modelMaxLength).toBe(64);
  });

  it('refuses tokenizer.json pipelines it does not read, naming the supported models', () => {
    const j = JSON.parse(read(join(TINY, 'tokenizer.json')));
    expect(() => tokenizerFromJson({ ...j, model: { type: 'WordLevel', vocab: {} } })).toThrow(
      /"WordLevel" is not supported \(supported: WordPiece, BPE, Unigram\)/,
    );
    expect(() => tokenizerFromJson({ ...j, pre_tokenizer: { type: 'Metaspace' } })).toThrow(/Metaspace/);
  });

  it('a cased vocab.txt keeps case and accents', () => {
    const t = tokenizerFromVocabTxt(['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'Café', 'cafe'].join('\n'), { do_lower_case: false });
    expect(t.tokenize('Café cafe CAFE')).toEqual(['Café', 'cafe', '[UNK]']);
  });
});

describe('matches the Python reference tokenizer', () => {
  const tiny: TokenizerCase[] = JSON.parse(read(join(TINY, 'tokenizer_cases.json')));

  it(`tiny-bert synthetic cases (${tiny.length}) via tokenizer.json and vocab.txt`, () => {
    expect(tiny.length).toBeGreaterThan(15);
    const fromJson = tokenizerFromJson(JSON.parse(read(join(TINY, 'tokenizer.json'))));
    const fromTxt = tokenizerFromVocabTxt(read(join(TINY, 'vocab.txt')));
    for (const c of tiny) {
      expect(diffCase(fromJson, c), JSON.stringify(c.text)).toEqual([]);
      expect(diffCase(fromTxt, c), JSON.stringify(c.text)).toEqual([]);
    }
  });

  const EMBEDDED = join(ROOT, 'public', 'models', 'blora-tiny-uncased');
  const CASES = join(ROOT, 'tools', 'pretrain', 'fixtures', 'tokenizer_cases.json');
  it('embedded blora-tiny-uncased: tools/pretrain/fixtures/tokenizer_cases.json', () => {
    expect(existsSync(CASES), `${CASES} is missing`).toBe(true);
    const cases: TokenizerCase[] = JSON.parse(read(CASES));
    expect(cases.length).toBeGreaterThan(30);
    const fromTxt = tokenizerFromVocabTxt(read(join(EMBEDDED, 'vocab.txt')));
    const fromJson = tokenizerFromJson(JSON.parse(read(join(EMBEDDED, 'tokenizer.json'))));
    const bad = cases
      .map((c) => ({ name: c.name, text: c.text, pair: c.text_pair, diffs: [...diffCase(fromTxt, c), ...diffCase(fromJson, c)] }))
      .filter((r) => r.diffs.length);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
