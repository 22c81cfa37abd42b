// Test support for the CLI tests: the `blora` CLI run in-process (its console output captured) and a
// tiny three-class text data set that the tiny fixture models can train on in seconds.
import { main } from '../main';

/** Runs the CLI in-process; returns the exit code, stdout and stderr (console.warn counts as stderr). */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [],
    err: string[] = [];
  const [log, error, warn] = [console.log, console.error, console.warn];
  console.log = (s: unknown) => out.push(String(s));
  console.error = (s: unknown) => err.push(String(s));
  console.warn = (s: unknown) => err.push(String(s));
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    [console.log, console.error, console.warn] = [log, error, warn];
  }
}

export const TINY_WORDS = ['the', 'a', 'good', 'bad', 'film', 'was', 'not', 'is', 'it', 'and'];

/** n seeded rows of 3–8 words from `words`, labelled neg / mid / pos. */
export function tinyLabelledRows(n: number, seed: number, words: readonly string[] = TINY_WORDS): { text: string; label: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const k = (i * 7 + seed) % 3;
    const text = Array.from({ length: 3 + ((i + seed) % 6) }, (_, j) => words[(i * 3 + j * (k + 1) + seed) % words.length]).join(' ');
    return { text, label: ['neg', 'mid', 'pos'][k] };
  });
}

/** The rows as a `text,label` CSV file's content. */
export const labelledCsv = (rs: { text: string; label: string }[]) => `text,label\n${rs.map((r) => `${r.text},${r.label}`).join('\n')}\n`;
