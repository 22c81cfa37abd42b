// Cross-check tools/pretrain/fixtures/tokenizer_cases.json against Hugging Face's own JS
// implementation of tokenizer.json (@huggingface/tokenizers, no truncation/padding support there,
// so only cases without truncation are compared, padding stripped).
//
//   npm install --prefix tools/.cache @huggingface/tokenizers@0.2.0
//   node tools/pretrain/crosscheck_tokenizers_js.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(resolve(root, 'tools/.cache/package.json'));
const { Tokenizer } = await import(require.resolve('@huggingface/tokenizers').replace(/\.cjs$/, '.mjs'));
const dir = resolve(root, 'public/models/blora-tiny-uncased');
const tok = new Tokenizer(
  JSON.parse(readFileSync(resolve(dir, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(resolve(dir, 'tokenizer_config.json'), 'utf8')),
);
const cases = JSON.parse(readFileSync(resolve(here, 'fixtures/tokenizer_cases.json'), 'utf8'));
let compared = 0,
  differ = 0;
for (const c of cases) {
  const n = c.attention_mask.filter((x) => x === 1).length;
  const e = tok.encode(c.text, { text_pair: c.text_pair, return_token_type_ids: true });
  if (c.max_length !== null && e.ids.length > c.max_length) continue; // truncated: not comparable
  compared++;
  const same =
    JSON.stringify(e.ids) === JSON.stringify(c.input_ids.slice(0, n)) && JSON.stringify(e.token_type_ids) === JSON.stringify(c.token_type_ids.slice(0, n));
  if (!same) {
    differ++;
    console.log(`DIFF ${c.name}\n  tokenizers.js ${JSON.stringify(e.tokens)}\n  reference     ${JSON.stringify(c.tokens.slice(0, n))}`);
  }
}
console.log(`${compared} cases compared, ${differ} differ`);
