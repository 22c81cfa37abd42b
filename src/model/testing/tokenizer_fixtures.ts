// Shared by tests: the JSON case format the Python reference tokenizer writes
// ({text, text_pair|null, max_length, padding, input_ids, token_type_ids, attention_mask, tokens}).

import type { BertTokenizer, EncodeOptions } from '../tokenizer';

export interface TokenizerCase {
  name?: string;
  text: string;
  text_pair: string | null;
  max_length: number | null;
  padding: boolean | string | null;
  /** Absent: 'longest_first' (the Python reference's default); null/false: none. */
  truncation?: string | boolean | null;
  input_ids: number[];
  token_type_ids: number[];
  attention_mask: number[];
  tokens: string[];
}

export function caseOptions(c: TokenizerCase): EncodeOptions {
  const pad = c.padding === true || c.padding === 'max_length' ? 'max_length' : false;
  const trunc = c.truncation === undefined || (c.truncation !== null && c.truncation !== false);
  return { maxLength: c.max_length ?? undefined, padding: pad, truncation: trunc ? 'longest_first' : false };
}

/** Encode a case and return the differences (empty when identical). */
export function diffCase(tok: BertTokenizer, c: TokenizerCase): string[] {
  const e = tok.encode(c.text, c.text_pair, caseOptions(c));
  const diffs: string[] = [];
  const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(e.tokens, c.tokens)) diffs.push(`tokens ${JSON.stringify(e.tokens)} != ${JSON.stringify(c.tokens)}`);
  if (!same(e.inputIds, c.input_ids)) diffs.push(`input_ids ${e.inputIds} != ${c.input_ids}`);
  if (!same(e.tokenTypeIds, c.token_type_ids)) diffs.push(`token_type_ids ${e.tokenTypeIds} != ${c.token_type_ids}`);
  if (!same(e.attentionMask, c.attention_mask)) diffs.push(`attention_mask ${e.attentionMask} != ${c.attention_mask}`);
  return diffs;
}
