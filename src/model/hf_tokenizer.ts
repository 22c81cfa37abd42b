// tokenizer.json pipelines other than BERT WordPiece (RoBERTa/GPT-2 byte-level BPE, XLM-R's
// SentencePiece Unigram) run by @huggingface/tokenizers (pure JS, no dependencies, ~37 kB min):
// it splits text into vocabulary tokens; truncation, the special-token template and padding are
// BertTokenizer's, the same code as for WordPiece. Checked against the Python `tokenizers`
// library by src/model/hf_tokenizer.test.ts (tools/golden/family_fixtures.py).
import { Tokenizer } from '@huggingface/tokenizers';
import { BertTokenizer, TokenizerError, type PostTemplate } from './tokenizer';

type Json = Record<string, any>;

/** A special token in tokenizer_config.json: a string, or an AddedToken object with `content`. */
function tokenString(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as Json).content === 'string') return (t as Json).content;
  return undefined;
}

/** `<s> A </s>` / `<s> A </s></s> B </s>` (RobertaProcessing; RoBERTa's models take no token types). */
export function robertaTemplate(cls: string, sep: string): PostTemplate {
  const s = (token: string) => ({ kind: 'special' as const, token, typeId: 0 });
  const seq = (which: 'A' | 'B') => ({ kind: 'sequence' as const, which, typeId: 0 });
  return { single: [s(cls), seq('A'), s(sep)], pair: [s(cls), seq('A'), s(sep), s(sep), seq('B'), s(sep)] };
}

export interface LibraryTokenizerOptions {
  template: PostTemplate;
  modelMaxLength?: number;
  singleTokenType?: boolean;
}

export function libraryTokenizer(j: Json, config: Json, opts: LibraryTokenizerOptions): BertTokenizer {
  let lib: Tokenizer;
  try {
    lib = new Tokenizer(j, config);
  } catch (e) {
    throw new TokenizerError(`tokenizer.json: the ${j.model?.type} pipeline could not be built (${(e as Error).message})`);
  }
  const vocab = lib.get_vocab(true);
  const model = j.model as Json;
  const unk =
    tokenString(config.unk_token) ??
    (typeof model.unk_token === 'string' ? model.unk_token : undefined) ??
    (typeof model.unk_id === 'number' && Array.isArray(model.vocab) ? model.vocab[model.unk_id]?.[0] : undefined) ??
    '<unk>';
  const pad = j.padding?.pad_token ?? tokenString(config.pad_token) ?? '<pad>';
  return new BertTokenizer({
    vocab,
    template: opts.template,
    padToken: pad,
    unkToken: unk,
    modelMaxLength: opts.modelMaxLength,
    singleTokenType: opts.singleTokenType,
    segmenter: (text) => lib.tokenize(text, { add_special_tokens: false }),
    sourceJson: j,
  });
}
