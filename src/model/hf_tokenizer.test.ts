// Our tokenizers from each family's tokenizer.json (or vocab.txt) against the Python `tokenizers`
// library on tricky strings (tools/golden/family_fixtures.py writes tokenizer_cases.json): byte-level
// BPE (RoBERTa), SentencePiece Unigram with the nmt_nfkc Precompiled normalizer (XLM-R), WordPiece.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from './loader';
import { nodeDirSource } from './node_dir_source';

const FIX = join(__dirname, '__fixtures__');

// @huggingface/tokenizers 0.2.0 approximates the Precompiled (nmt_nfkc) normalizer: it maps
// U+200B…U+200F to a space, where the charsmap keeps U+200D (zero-width joiner). Listed so that a
// fixed library release shows up here as an unexpected match.
const KNOWN_DIFFERENT: Record<string, (text: string) => boolean> = { 'tiny-xlmr': (t) => t.includes('\u200d') };

interface Case {
  text: string;
  text_pair: string | null;
  max_length: number | null;
  input_ids: number[];
  tokens: string[];
}

describe('tokenizers match the Python tokenizers library', () => {
  for (const name of ['tiny-roberta', 'tiny-xlmr', 'tiny-distilbert', 'tiny-minilm']) {
    it(`${name}: ids of every case`, async () => {
      const m = await loadModel(nodeDirSource(join(FIX, name)));
      const cases: Case[] = JSON.parse(readFileSync(join(FIX, name, 'tokenizer_cases.json'), 'utf8'));
      let same = 0;
      for (const c of cases) {
        const enc = m.tokenizer.encode(c.text, c.text_pair, c.max_length ? { maxLength: c.max_length, truncation: 'longest_first' } : {});
        if (KNOWN_DIFFERENT[name]?.(c.text)) {
          expect(enc.inputIds, `known difference now matches: ${JSON.stringify(c.text)}`).not.toEqual(c.input_ids);
          continue;
        }
        expect(enc.inputIds, JSON.stringify(c.text)).toEqual(c.input_ids);
        if (m.config.typeVocabSize === 1) expect(enc.tokenTypeIds.every((t) => t === 0)).toBe(true); // the model takes no token types
        same++;
      }
      expect(same).toBeGreaterThanOrEqual(cases.length - 2);
    });
  }

  it('pads with the family pad token and masks it', async () => {
    const m = await loadModel(nodeDirSource(join(FIX, 'tiny-roberta')));
    const b = m.tokenizer.encodeBatch(['The quick brown fox jumps over the lazy dog.', 'short'], { padding: 'longest' });
    expect(m.tokenizer.padToken).toBe('<pad>');
    expect(b.inputIds[b.seqLen * 2 - 1]).toBe(1);
    expect(b.attentionMask[b.seqLen * 2 - 1]).toBe(0);
  });
});
