// BERT WordPiece tokenizer that encodes exactly like the Python reference
// (tools/pretrain/bert_tokenizer.py) and Hugging Face's BertTokenizerFast:
// BertNormalizer → BertPreTokenizer → WordPiece → [CLS] A [SEP] (B [SEP]) template,
// `longest_first` truncation with the Rust `tokenizers` tie rule, optional padding.

import { normalizeText, preTokenize, UNCASED_NORMALIZER, type NormalizerOptions } from './text_normalize';
import { WordPiece, DEFAULT_WORDPIECE, type WordPieceOptions } from './wordpiece';

/** One slot of a post-processing template: a sequence (A or B) or a special token. */
export type TemplatePiece = { kind: 'sequence'; which: 'A' | 'B'; typeId: number } | { kind: 'special'; token: string; typeId: number };

export interface PostTemplate {
  single: TemplatePiece[];
  pair: TemplatePiece[];
}

export const BERT_TEMPLATE: PostTemplate = {
  single: [
    { kind: 'special', token: '[CLS]', typeId: 0 },
    { kind: 'sequence', which: 'A', typeId: 0 },
    { kind: 'special', token: '[SEP]', typeId: 0 },
  ],
  pair: [
    { kind: 'special', token: '[CLS]', typeId: 0 },
    { kind: 'sequence', which: 'A', typeId: 0 },
    { kind: 'special', token: '[SEP]', typeId: 0 },
    { kind: 'sequence', which: 'B', typeId: 1 },
    { kind: 'special', token: '[SEP]', typeId: 1 },
  ],
};

export interface TokenizerSpec {
  /** Token → id. */
  vocab: ReadonlyMap<string, number>;
  normalizer?: NormalizerOptions;
  wordpiece?: WordPieceOptions;
  template?: PostTemplate;
  padToken?: string;
  /** Padding type id (HF: 0). */
  padTypeId?: number;
  /** Used when padding to 'max_length' without an explicit maxLength. */
  modelMaxLength?: number;
  /**
   * Splits a text into vocabulary tokens instead of BertNormalizer + WordPiece: the tokenizer.json
   * pipelines run by a library (BPE, Unigram; hf_tokenizer.ts). Truncation, template and padding stay ours.
   */
  segmenter?: (text: string) => string[];
  /** The unknown token when there is no WordPiece (default: the WordPiece options' one). */
  unkToken?: string;
  /** Every token type id 0: the model has one token type (DistilBERT, RoBERTa, XLM-R). */
  singleTokenType?: boolean;
  /** The tokenizer.json this came from, when it is not a BERT WordPiece one (exports copy it). */
  sourceJson?: unknown;
}

export type Padding = 'max_length' | 'longest' | false;

export interface EncodeOptions {
  maxLength?: number;
  /** 'max_length' pads to maxLength; 'longest' pads a batch to its longest row; false: none. */
  padding?: Padding;
  /** Applied when maxLength is given; HF's default strategy. */
  truncation?: 'longest_first' | false;
  addSpecialTokens?: boolean;
}

export interface Encoding {
  inputIds: number[];
  tokenTypeIds: number[];
  attentionMask: number[];
  tokens: string[];
}

/** A batch as row-major Int32Array [batch, seqLen], ready for the engine or ONNX. */
export interface BatchEncoding {
  inputIds: Int32Array;
  tokenTypeIds: Int32Array;
  attentionMask: Int32Array;
  batch: number;
  seqLen: number;
  tokens: string[][];
}

export type TextInput = string | readonly [string, string | null | undefined];

export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
}

export class BertTokenizer {
  readonly vocab: ReadonlyMap<string, number>;
  readonly idToToken: string[];
  readonly normalizer: NormalizerOptions;
  readonly template: PostTemplate;
  readonly padToken: string;
  readonly padId: number;
  readonly unkId: number;
  readonly modelMaxLength: number | undefined;
  readonly unkToken: string;
  readonly sourceJson: unknown;
  private readonly padTypeId: number;
  private readonly wordpiece: WordPiece;
  private readonly segmenter: ((text: string) => string[]) | undefined;
  private readonly singleTokenType: boolean;

  constructor(spec: TokenizerSpec) {
    this.vocab = spec.vocab;
    this.normalizer = spec.normalizer ?? UNCASED_NORMALIZER;
    this.template = spec.singleTokenType ? singleType(spec.template ?? BERT_TEMPLATE) : (spec.template ?? BERT_TEMPLATE);
    this.wordpiece = new WordPiece(spec.vocab, spec.wordpiece ?? DEFAULT_WORDPIECE);
    this.segmenter = spec.segmenter;
    this.singleTokenType = spec.singleTokenType ?? false;
    this.unkToken = spec.unkToken ?? this.wordpiece.options.unkToken;
    this.sourceJson = spec.sourceJson;
    this.padToken = spec.padToken ?? '[PAD]';
    this.padTypeId = spec.singleTokenType ? 0 : (spec.padTypeId ?? 0);
    this.modelMaxLength = spec.modelMaxLength;
    this.idToToken = [];
    for (const [t, id] of spec.vocab) this.idToToken[id] = t;
    this.unkId = this.requireId(this.unkToken);
    this.padId = this.requireId(this.padToken);
    for (const seq of [this.template.single, this.template.pair]) {
      for (const p of seq) if (p.kind === 'special') this.requireId(p.token);
    }
  }

  /** Vocabulary size as the embedding matrix sees it (max id + 1). */
  get vocabSize(): number {
    return this.idToToken.length;
  }

  tokenToId(token: string): number {
    return this.vocab.get(token) ?? this.unkId;
  }

  /** WordPiece tokens of a text, without special tokens. */
  tokenize(text: string): string[] {
    if (this.segmenter) return this.segmenter(text);
    const out: string[] = [];
    for (const w of preTokenize(normalizeText(text, this.normalizer))) for (const piece of this.wordpiece.split(w)) out.push(piece);
    return out;
  }

  encode(text: string, textPair?: string | null, opts: EncodeOptions = {}): Encoding {
    const addSpecial = opts.addSpecialTokens ?? true;
    const truncation = opts.truncation ?? 'longest_first';
    let a = this.tokenize(text);
    let b = textPair != null ? this.tokenize(textPair) : null;
    const maxLength = opts.maxLength;
    if (maxLength !== undefined && truncation) {
      const nSpecial = addSpecial ? countSpecial(b ? this.template.pair : this.template.single) : 0;
      const budget = Math.max(0, maxLength - nSpecial);
      if (!b) a = a.slice(0, budget);
      else {
        const [n1, n2] = truncatePairLengths(a.length, b.length, budget);
        a = a.slice(0, n1);
        b = b.slice(0, n2);
      }
    }
    const tokens: string[] = [];
    const tokenTypeIds: number[] = [];
    if (addSpecial) {
      for (const p of b ? this.template.pair : this.template.single) {
        const seq = p.kind === 'special' ? [p.token] : p.which === 'A' ? a : b!;
        for (const t of seq) {
          tokens.push(t);
          tokenTypeIds.push(p.typeId);
        }
      }
    } else {
      for (const t of a) {
        tokens.push(t);
        tokenTypeIds.push(0);
      }
      for (const t of b ?? []) {
        tokens.push(t);
        tokenTypeIds.push(this.singleTokenType ? 0 : 1);
      }
    }
    const enc: Encoding = { tokens, tokenTypeIds, inputIds: tokens.map((t) => this.tokenToId(t)), attentionMask: tokens.map(() => 1) };
    if (opts.padding === 'max_length') this.pad(enc, this.resolveMaxLength(maxLength));
    return enc;
  }

  /** Encode rows into [batch, seqLen] arrays; 'longest' (the default) pads to the longest row. */
  encodeBatch(inputs: readonly TextInput[], opts: EncodeOptions = {}): BatchEncoding {
    const padding = opts.padding ?? 'longest';
    const rows = inputs.map((x) =>
      typeof x === 'string' ? this.encode(x, null, { ...opts, padding: false }) : this.encode(x[0], x[1] ?? null, { ...opts, padding: false }),
    );
    let seqLen = rows.reduce((m, r) => Math.max(m, r.inputIds.length), 0);
    if (padding === 'max_length') seqLen = this.resolveMaxLength(opts.maxLength);
    else if (padding === false && rows.some((r) => r.inputIds.length !== seqLen)) {
      throw new TokenizerError('encodeBatch with padding: false needs rows of equal length');
    }
    const n = rows.length;
    const out: BatchEncoding = {
      inputIds: new Int32Array(n * seqLen),
      tokenTypeIds: new Int32Array(n * seqLen),
      attentionMask: new Int32Array(n * seqLen),
      batch: n,
      seqLen,
      tokens: [],
    };
    rows.forEach((r, i) => {
      this.pad(r, seqLen);
      out.inputIds.set(r.inputIds, i * seqLen);
      out.tokenTypeIds.set(r.tokenTypeIds, i * seqLen);
      out.attentionMask.set(r.attentionMask, i * seqLen);
      out.tokens.push(r.tokens);
    });
    return out;
  }

  convertIdsToTokens(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.idToToken[id] ?? this.unkToken);
  }

  private pad(enc: Encoding, length: number): void {
    for (let i = enc.inputIds.length; i < length; i++) {
      enc.tokens.push(this.padToken);
      enc.inputIds.push(this.padId);
      enc.tokenTypeIds.push(this.padTypeId);
      enc.attentionMask.push(0);
    }
  }

  private resolveMaxLength(maxLength: number | undefined): number {
    const m = maxLength ?? this.modelMaxLength;
    if (m === undefined) throw new TokenizerError("padding 'max_length' needs maxLength (the tokenizer has no model_max_length)");
    return m;
  }

  private requireId(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) throw new TokenizerError(`special token ${token} is not in the vocabulary`);
    return id;
  }
}

function singleType(t: PostTemplate): PostTemplate {
  const zero = (s: TemplatePiece[]) => s.map((p) => ({ ...p, typeId: 0 }));
  return { single: zero(t.single), pair: zero(t.pair) };
}

function countSpecial(t: readonly TemplatePiece[]): number {
  return t.filter((p) => p.kind === 'special').length;
}

/**
 * Lengths of A and B after `longest_first` truncation to `maxLen` tokens (the budget left after
 * special tokens), as the Rust `tokenizers` crate computes them: the shorter sequence keeps its
 * length if it fits in half, otherwise both get half (the odd token goes to the second).
 */
export function truncatePairLengths(n1: number, n2: number, maxLen: number): [number, number] {
  if (n1 + n2 <= maxLen) return [n1, n2];
  let a = n1;
  let b = n2;
  const swap = a > b;
  if (swap) [a, b] = [b, a];
  if (a > maxLen) b = a;
  else b = Math.max(a, maxLen - a);
  if (a + b > maxLen) {
    a = Math.floor(maxLen / 2);
    b = a + (maxLen % 2);
  }
  if (swap) [a, b] = [b, a];
  return [Math.min(n1, a), Math.min(n2, b)];
}
