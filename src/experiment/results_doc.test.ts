// docs/results.md cannot drift from its data (issue 25, item 7): it is regenerated here from the
// committed JSON and the prose template with the command the document itself states, and must equal
// the committed file; the template's placeholders fail on a claim the tables contradict; the README
// quotes no result.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultRow } from './aggregate';
import { mulberry32 } from './crossed';
import { mergeReport, resultsReport, type RunPart } from './merge_report';
import { LITERAL_RESULT } from './reading';

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('docs/results.md', () => {
  it('is exactly what the report code makes of the JSON files and docs/results_reading.md it names', () => {
    const doc = read('docs/results.md');
    const cmd = doc.match(/\(`node bin\/blora\.mjs experiment ((?:--merge \S+ ?)+)--reading (\S+)`\)/);
    expect(cmd, 'docs/results.md states its merge command with --reading').not.toBeNull();
    const files = [...cmd![1].matchAll(/--merge (\S+)/g)].map((m) => m[1]);
    const made = mergeReport(
      files.map((f) => JSON.parse(read(f)) as RunPart),
      files,
      { reading: { template: read(cmd![2]), file: cmd![2] } },
    );
    const a = doc.split('\n'),
      b = made.split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    expect(first === -1 && a.length === b.length ? 'same' : `line ${first + 1} differs:\n  committed: ${a[first]}\n  generated: ${b[first]}`).toBe('same');
  }, 300_000);

  it('the README quotes no result of docs/results.md (it points to it)', () => {
    const readme = read('README.md');
    const bullet = readme.slice(readme.indexOf('- `docs/results.md`'), readme.indexOf('- `public/models/'));
    expect(bullet.length).toBeGreaterThan(50);
    expect(bullet.match(LITERAL_RESULT)).toBeNull();
    expect(bullet).not.toMatch(/\d\s*×|Δ/u);
  });
});

/** A tiny grid: LoRA-XS and a sharper B-LoRA-XS (better NLL on these well-separated logits) on 3 seeds of one 80-example test set. */
function toyParts(): RunPart[] {
  const n = 80,
    rand = mulberry32(3);
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const rows: ResultRow[] = [];
  for (const seed of [0, 1, 2]) {
    const logit = labels.map((y) => (y ? 1 : -1) * (0.3 + rand()) + (rand() - 0.5) * 2);
    for (const [method, scale, K, c] of [
      ['LoRA-XS', 1, undefined, undefined],
      ['B-LoRA-XS', 4, 2, 2],
    ] as const) {
      const testProbs = logit.flatMap((z) => {
        const p = 1 / (1 + Math.exp(-z * scale));
        return [1 - p, p];
      });
      rows.push({
        dataset: 'toy',
        method,
        r: 2,
        K,
        c,
        seed,
        accuracy: 0,
        ece: 0,
        nll: 0,
        brier: 0,
        trainableParams: 8,
        storedParams: 0,
        seconds: 1,
        testProbs,
      });
    }
  }
  return [{ rows, tests: { toy: { labels, nClasses: 2, sizes: { test: n } } } }];
}

describe('the prose template', () => {
  const render = (template: string) => resultsReport([], toyParts(), { stats: { replicates: 200 }, reading: { template, file: 'toy.md' } });
  const row = 'toy|B-LoRA-XS K=2 c=2 − LoRA-XS|2';

  it('fills placeholders from the tables and prints the verdict the table holds', () => {
    const md = render(`NLL {{dt:${row}|nll}} is {{v:${row}|nll=better}}; test size {{size:toy|test}}.`);
    expect(md).toMatch(/NLL −0\.\d{3} \[−0\.\d{3}, −0\.\d{3}\], t\[−0\.\d{3}, −0\.\d{3}\] is better; test size 80\./);
    // The same Δ as the paired table's cell.
    const cell = md.split('\n').find((l) => l.startsWith('| toy | B-LoRA-XS K=2 c=2 − LoRA-XS'))!;
    const quoted = md.match(/NLL (−0\.\d{3} \[[^\]]+\])/)![1];
    expect(cell).toContain(quoted);
  });

  it('names the cells whose JSON lacks per-example test probabilities instead of dropping them silently', () => {
    const [part] = toyParts();
    const bare = { ...part.rows[0], method: 'MC dropout', testProbs: undefined };
    const md = resultsReport([], [{ ...part, rows: [...part.rows, bare] }], { stats: { replicates: 50 } });
    expect(md).toContain('so in no paired table: toy MC dropout (r = 2).');
  });

  it('a sentence that relies on a verdict the table contradicts fails to render, naming the line', () => {
    expect(() => render(`first line\nB-LoRA-XS loses on NLL{{is:${row}|nll=worse}}.`)).toThrow(
      /toy\.md:2: the sentence relies on "worse" but the table says "better"/,
    );
  });

  it('an unknown row, metric or kind, a malformed placeholder and a hand-typed result are refused', () => {
    expect(() => render('{{d:toy|MC dropout − LoRA-XS|2|nll}}')).toThrow(/toy\.md:1: no paired row "toy \| MC dropout − LoRA-XS \| r = 2"/);
    expect(() => render(`{{d:${row}|mce}}`)).toThrow(/unknown metric "mce"/);
    expect(() => render(`{{zz:${row}|nll}}`)).toThrow(/unknown placeholder kind "zz"/);
    expect(() => render(`{{d:${row}\n|nll}}`)).toThrow(/not of the form/);
    expect(() => render('NLL drops by −0.016 at c = 2.')).toThrow(/toy\.md:1: the literal "−0\.016" looks like a measured number/);
    expect(() => render('accuracy 0.676 against 0.681')).toThrow(/the literal "0\.676"/);
    // Settings are not results.
    expect(() => render('c = 0.5, lr 5e-3, K = 10, 1,000 examples, 6 %')).not.toThrow();
  });
});
