// The tokenizer files of an exported model folder (tokenizer.json, vocab.txt,
// tokenizer_config.json, special_tokens_map.json). A file the base model ships is copied as it is;
// one it lacks, or every one where only the parsed tokenizer is at hand (the page's worker keeps
// the parsed model, not its files), is written from the BertTokenizer in Hugging Face's formats.
import type { BertTokenizer, PostTemplate, TemplatePiece } from '../../model/tokenizer';
import { DEFAULT_WORDPIECE, type WordPieceOptions } from '../../model/wordpiece';

export const TOKENIZER_FILES = ['tokenizer.json', 'vocab.txt', 'tokenizer_config.json', 'special_tokens_map.json'] as const;
export type TokenizerFileName = (typeof TOKENIZER_FILES)[number];
export type BaseFiles = Partial<Record<string, Uint8Array>>;

const json = (x: unknown) => new TextEncoder().encode(`${JSON.stringify(x, null, 2)}\n`);

/**
 * BertTokenizer keeps its WordPiece options private (src/model is not ours to change); read them
 * where they are, else BERT's defaults. tokenizer_files.test.ts fails if the field moves.
 */
function wordpieceOptions(tok: BertTokenizer): WordPieceOptions {
  return (tok as unknown as { wordpiece?: { options?: WordPieceOptions } }).wordpiece?.options ?? DEFAULT_WORDPIECE;
}

function specialTokens(tok: BertTokenizer): { cls: string; sep: string; unk: string; pad: string; mask?: string } {
  const specials = tok.template.pair.filter((p): p is Extract<TemplatePiece, { kind: 'special' }> => p.kind === 'special');
  const cls = specials[0]?.token ?? '[CLS]';
  const sep = specials[specials.length - 1]?.token ?? '[SEP]';
  return { cls, sep, unk: tok.idToToken[tok.unkId], pad: tok.padToken, mask: tok.vocab.has('[MASK]') ? '[MASK]' : undefined };
}

function templateJson(t: PostTemplate) {
  const conv = (items: TemplatePiece[]) =>
    items.map((p) => (p.kind === 'special' ? { SpecialToken: { id: p.token, type_id: p.typeId } } : { Sequence: { id: p.which, type_id: p.typeId } }));
  return { single: conv(t.single), pair: conv(t.pair) };
}

/** tokenizer.json in the `tokenizers` 1.0 format (as BertTokenizerFast saves it); a BPE or Unigram one as it was read. */
export function tokenizerJson(tok: BertTokenizer): Record<string, unknown> {
  if (tok.sourceJson) return tok.sourceJson as Record<string, unknown>;
  const sp = specialTokens(tok);
  const wp = wordpieceOptions(tok);
  const n = tok.normalizer;
  const specials = [...new Set([sp.pad, sp.unk, sp.cls, sp.sep, ...(sp.mask ? [sp.mask] : [])])]
    .map((content) => ({ id: tok.vocab.get(content)!, content }))
    .sort((a, b) => a.id - b.id);
  const templateSpecials = [...new Set([...tok.template.single, ...tok.template.pair].flatMap((p) => (p.kind === 'special' ? [p.token] : [])))];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((s) => ({ ...s, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: n.cleanText,
      handle_chinese_chars: n.handleChineseChars,
      strip_accents: n.stripAccents,
      lowercase: n.lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      ...templateJson(tok.template),
      special_tokens: Object.fromEntries(templateSpecials.map((t) => [t, { id: t, ids: [tok.vocab.get(t)!], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: wp.continuingSubwordPrefix, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: wp.unkToken,
      continuing_subword_prefix: wp.continuingSubwordPrefix,
      max_input_chars_per_word: wp.maxInputCharsPerWord,
      vocab: Object.fromEntries([...tok.vocab].sort((a, b) => a[1] - b[1])),
    },
  };
}

/** vocab.txt: line i is token i. An id no token has (a duplicate line in the base's vocab.txt) gets a placeholder, so ids stay put. */
export function vocabTxt(tok: BertTokenizer): string {
  const lines: string[] = [];
  for (let i = 0; i < tok.idToToken.length; i++) {
    let t = tok.idToToken[i];
    if (t === undefined) {
      t = `[unused${i}]`;
      while (tok.vocab.has(t)) t = `[${t}]`;
    }
    lines.push(t);
  }
  return `${lines.join('\n')}\n`;
}

export function tokenizerConfigJson(tok: BertTokenizer, maxLength: number): Record<string, unknown> {
  const sp = specialTokens(tok);
  const n = tok.normalizer;
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: n.lowercase,
    do_basic_tokenize: true,
    tokenize_chinese_chars: n.handleChineseChars,
    // null: follow do_lower_case (HF's default), as the base models write it.
    strip_accents: n.stripAccents === n.lowercase ? null : n.stripAccents,
    model_max_length: tok.modelMaxLength ?? maxLength,
    unk_token: sp.unk,
    sep_token: sp.sep,
    pad_token: sp.pad,
    cls_token: sp.cls,
    ...(sp.mask ? { mask_token: sp.mask } : {}),
    clean_up_tokenization_spaces: true,
  };
}

export function specialTokensMapJson(tok: BertTokenizer): Record<string, string> {
  const sp = specialTokens(tok);
  return { unk_token: sp.unk, sep_token: sp.sep, pad_token: sp.pad, cls_token: sp.cls, ...(sp.mask ? { mask_token: sp.mask } : {}) };
}

/** The four tokenizer files: the base's bytes where it has the file, written from `tok` where not. */
export function tokenizerFiles(tok: BertTokenizer, maxLength: number, base: BaseFiles = {}): Record<TokenizerFileName, Uint8Array> {
  const made: Record<TokenizerFileName, () => Uint8Array> = {
    'tokenizer.json': () => json(tokenizerJson(tok)),
    'vocab.txt': () => new TextEncoder().encode(vocabTxt(tok)),
    'tokenizer_config.json': () => json(tokenizerConfigJson(tok, maxLength)),
    'special_tokens_map.json': () => json(specialTokensMapJson(tok)),
  };
  return Object.fromEntries(TOKENIZER_FILES.map((name) => [name, base[name] ?? made[name]()])) as Record<TokenizerFileName, Uint8Array>;
}
