// Build a BertTokenizer from the files a Hugging Face model directory ships:
// tokenizer.json (the `tokenizers` format) or vocab.txt + tokenizer_config.json.

import { libraryTokenizer, robertaTemplate } from './hf_tokenizer';
import { BertTokenizer, BERT_TEMPLATE, TokenizerError, type PostTemplate, type TemplatePiece } from './tokenizer';
import type { NormalizerOptions } from './text_normalize';
import { DEFAULT_WORDPIECE, type WordPieceOptions } from './wordpiece';

/** The fields of tokenizer_config.json we honour. */
export interface TokenizerConfigJson {
  do_lower_case?: boolean;
  strip_accents?: boolean | null;
  tokenize_chinese_chars?: boolean;
  model_max_length?: number;
  unk_token?: string;
  pad_token?: string;
  cls_token?: string;
  sep_token?: string;
}

/** What the model adds to the tokenizer files: it has one token type (every type id is 0). */
export interface TokenizerLoadOptions {
  singleTokenType?: boolean;
}

/** tokenizer.json model types we read: WordPiece ourselves, the others through hf_tokenizer.ts. */
export const TOKENIZER_MODELS = ['WordPiece', 'BPE', 'Unigram'] as const;

/** Parse vocab.txt: one token per line, id = line number; a later duplicate wins (as in HF). */
export function parseVocabTxt(text: string): Map<string, number> {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const vocab = new Map<string, number>();
  lines.forEach((line, i) => vocab.set(line.endsWith('\r') ? line.slice(0, -1) : line, i));
  return vocab;
}

export function tokenizerFromVocabTxt(text: string, config: TokenizerConfigJson = {}, opts: TokenizerLoadOptions = {}): BertTokenizer {
  const lower = config.do_lower_case ?? true;
  const cls = config.cls_token ?? '[CLS]';
  const sep = config.sep_token ?? '[SEP]';
  const template: PostTemplate = cls === '[CLS]' && sep === '[SEP]' ? BERT_TEMPLATE : bertTemplate(cls, sep);
  return new BertTokenizer({
    vocab: parseVocabTxt(text),
    normalizer: { cleanText: true, handleChineseChars: config.tokenize_chinese_chars ?? true, stripAccents: config.strip_accents ?? lower, lowercase: lower },
    wordpiece: { ...DEFAULT_WORDPIECE, unkToken: config.unk_token ?? '[UNK]' },
    template,
    padToken: config.pad_token ?? '[PAD]',
    modelMaxLength: sensibleMaxLength(config.model_max_length),
    singleTokenType: opts.singleTokenType,
  });
}

function bertTemplate(cls: string, sep: string): PostTemplate {
  return {
    single: [
      { kind: 'special', token: cls, typeId: 0 },
      { kind: 'sequence', which: 'A', typeId: 0 },
      { kind: 'special', token: sep, typeId: 0 },
    ],
    pair: [
      { kind: 'special', token: cls, typeId: 0 },
      { kind: 'sequence', which: 'A', typeId: 0 },
      { kind: 'special', token: sep, typeId: 0 },
      { kind: 'sequence', which: 'B', typeId: 1 },
      { kind: 'special', token: sep, typeId: 1 },
    ],
  };
}

// HF writes a huge sentinel (1e30) when a model has no limit.
function sensibleMaxLength(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 && n < 1e9 ? n : undefined;
}

/** Parse tokenizer.json: BERT WordPiece ourselves, byte-level BPE and Unigram through the library. */
export function tokenizerFromJson(json: unknown, config: TokenizerConfigJson = {}, opts: TokenizerLoadOptions = {}): BertTokenizer {
  const j = json as Record<string, any>;
  const model = j?.model;
  if (!model || !(TOKENIZER_MODELS as readonly string[]).includes(model.type) || typeof model.vocab !== 'object') {
    throw new TokenizerError(`tokenizer.json: model type ${JSON.stringify(model?.type)} is not supported (supported: ${TOKENIZER_MODELS.join(', ')})`);
  }
  const maxLength = sensibleMaxLength(config.model_max_length) ?? (j.truncation?.max_length as number | undefined);
  if (model.type !== 'WordPiece') {
    return libraryTokenizer(j, config as Record<string, unknown>, {
      template: parsePostProcessor(j.post_processor),
      modelMaxLength: maxLength,
      singleTokenType: opts.singleTokenType,
    });
  }
  const vocab = new Map<string, number>(Object.entries(model.vocab as Record<string, number>));
  const wordpiece: WordPieceOptions = {
    unkToken: model.unk_token ?? '[UNK]',
    continuingSubwordPrefix: model.continuing_subword_prefix ?? '##',
    maxInputCharsPerWord: model.max_input_chars_per_word ?? 100,
  };
  const normalizer = parseNormalizer(j.normalizer);
  const preType = j.pre_tokenizer?.type;
  if (preType !== undefined && preType !== 'BertPreTokenizer') {
    throw new TokenizerError(`tokenizer.json: pre_tokenizer ${preType} is not supported (BertPreTokenizer only)`);
  }
  const template = parsePostProcessor(j.post_processor);
  const pad = j.padding?.pad_token ?? config.pad_token ?? '[PAD]';
  return new BertTokenizer({
    vocab,
    normalizer,
    wordpiece,
    template,
    padToken: pad,
    padTypeId: j.padding?.pad_type_id ?? 0,
    modelMaxLength: maxLength,
    singleTokenType: opts.singleTokenType,
  });
}

function parseNormalizer(n: any): NormalizerOptions {
  if (n == null) return { cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false };
  if (n.type !== 'BertNormalizer') throw new TokenizerError(`tokenizer.json: normalizer ${n.type} is not supported (BertNormalizer only)`);
  const lowercase = n.lowercase ?? true;
  return { cleanText: n.clean_text ?? true, handleChineseChars: n.handle_chinese_chars ?? true, stripAccents: n.strip_accents ?? lowercase, lowercase };
}

function parsePostProcessor(p: any): PostTemplate {
  if (p == null) return BERT_TEMPLATE;
  if (p.type === 'BertProcessing') return bertTemplate(p.cls[0], p.sep[0]);
  if (p.type === 'RobertaProcessing') return robertaTemplate(p.cls[0], p.sep[0]);
  if (p.type !== 'TemplateProcessing') throw new TokenizerError(`tokenizer.json: post_processor ${p.type} is not supported`);
  const conv = (items: any[]): TemplatePiece[] =>
    items.map((it) => {
      if (it.SpecialToken) return { kind: 'special', token: it.SpecialToken.id, typeId: it.SpecialToken.type_id ?? 0 };
      if (it.Sequence) return { kind: 'sequence', which: it.Sequence.id === 'B' ? 'B' : 'A', typeId: it.Sequence.type_id ?? 0 };
      throw new TokenizerError(`tokenizer.json: unknown template item ${JSON.stringify(it)}`);
    });
  return { single: conv(p.single), pair: conv(p.pair) };
}
