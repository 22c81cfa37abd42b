// Greedy longest-match-first WordPiece (HF `WordPiece` model). Lengths are in code points,
// as in the Python reference; a word that cannot be fully covered becomes one unknown token.

export interface WordPieceOptions {
  unkToken: string;
  continuingSubwordPrefix: string;
  maxInputCharsPerWord: number;
}

export const DEFAULT_WORDPIECE: WordPieceOptions = { unkToken: '[UNK]', continuingSubwordPrefix: '##', maxInputCharsPerWord: 100 };

export class WordPiece {
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    readonly options: WordPieceOptions = DEFAULT_WORDPIECE,
  ) {}

  split(word: string): string[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const res = this.compute(word);
    if (this.cache.size < 100_000) this.cache.set(word, res);
    return res;
  }

  private compute(word: string): string[] {
    const { unkToken, continuingSubwordPrefix, maxInputCharsPerWord } = this.options;
    const chars = Array.from(word);
    if (chars.length > maxInputCharsPerWord) return [unkToken];
    const out: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: string | null = null;
      while (start < end) {
        let piece = chars.slice(start, end).join('');
        if (start > 0) piece = continuingSubwordPrefix + piece;
        if (this.vocab.has(piece)) {
          found = piece;
          break;
        }
        end--;
      }
      if (found === null) return [unkToken];
      out.push(found);
      start = end;
    }
    return out;
  }
}
