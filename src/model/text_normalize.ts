// BERT text normalisation and pre-tokenisation, character for character as the Python reference
// (tools/pretrain/bert_tokenizer.py) and HF BertNormalizer + BertPreTokenizer do it.
// Everything iterates over code points (not UTF-16 units) because Python strings do.

const CONTROL = /\p{C}/u;
const SPACE_SEPARATOR = /\p{Zs}/u;
const PUNCTUATION = /\p{P}/u;
const NONSPACING_MARK = /\p{Mn}/gu;

export function isWhitespace(ch: string): boolean {
  if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') return true;
  return ch.codePointAt(0)! >= 0x80 && SPACE_SEPARATOR.test(ch);
}

/** Unicode category C* except tab, newline and carriage return. */
export function isControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return cp < 32 || cp === 127; // ASCII fast path (Cc)
  return CONTROL.test(ch);
}

/** HF's definition: ASCII 33–47, 58–64, 91–96, 123–126, or Unicode category P*. */
export function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return cp >= 0x80 && PUNCTUATION.test(ch);
}

/** The CJK Unified Ideograph blocks BERT spaces out (not Hangul, Hiragana or Katakana). */
export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export interface NormalizerOptions {
  /** Drop U+0000, U+FFFD and control characters; map whitespace to ' '. */
  cleanText: boolean;
  /** Put spaces around CJK ideographs. */
  handleChineseChars: boolean;
  /** NFD, then drop combining marks (category Mn). */
  stripAccents: boolean;
  lowercase: boolean;
}

export const UNCASED_NORMALIZER: NormalizerOptions = { cleanText: true, handleChineseChars: true, stripAccents: true, lowercase: true };

export function normalizeText(text: string, o: NormalizerOptions = UNCASED_NORMALIZER): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (o.cleanText) {
      if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
      if (isWhitespace(ch)) {
        out += ' ';
        continue;
      }
    }
    if (o.handleChineseChars && isChineseChar(cp)) out += ' ' + ch + ' ';
    else out += ch;
  }
  // Pure ASCII has nothing to decompose: skip NFD (the common case, and the costly step).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range test includes the control characters on purpose
  if (o.stripAccents && !/^[\x00-\x7f]*$/.test(out)) out = out.normalize('NFD').replace(NONSPACING_MARK, '');
  if (o.lowercase) out = out.toLowerCase();
  return out;
}

/** Split on whitespace and isolate every punctuation character. */
export function preTokenize(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (isWhitespace(ch)) {
      if (cur) {
        words.push(cur);
        cur = '';
      }
    } else if (isPunctuation(ch)) {
      if (cur) {
        words.push(cur);
        cur = '';
      }
      words.push(ch);
    } else {
      cur += ch;
    }
  }
  if (cur) words.push(cur);
  return words;
}
