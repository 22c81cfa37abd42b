// The seeds every method runs with, as a comma-separated list (1–10 distinct whole numbers): results
// are reported as median ± std over them, and the link carries them.
import { useEffect, useState } from 'react';

export const MAX_SEEDS = 10;

/** The seeds in `text`, or why they cannot be used. */
export function parseSeeds(text: string): { seeds: number[] } | { error: string } {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (!parts.length) return { error: 'give at least one seed' };
  const seeds = parts.map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0 || s > 4294967295)) return { error: 'seeds are whole numbers from 0 to 4294967295' };
  if (new Set(seeds).size !== seeds.length) return { error: 'each seed once' };
  if (seeds.length > MAX_SEEDS) return { error: `at most ${MAX_SEEDS} seeds` };
  return { seeds };
}

/** `onError`: the message while the text is not a list of seeds (null once it is), so Start can say why it is off. */
export function SeedsField({ seeds, onChange, onError }: { seeds: number[]; onChange: (seeds: number[]) => void; onError?: (error: string | null) => void }) {
  const [text, setText] = useState(seeds.join(', '));
  const [error, setError] = useState<string | null>(null);
  // A preset or a pasted link replaces the seeds: show them, unless the text already says the same
  // (mid-typing, "0, 1," must stay as typed) or holds an error the user is fixing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change from outside (seeds) rewrites the text
  useEffect(() => {
    const typed = parseSeeds(text);
    if (!error && !('seeds' in typed && typed.seeds.join() === seeds.join())) setText(seeds.join(', '));
  }, [seeds]);
  return (
    <label className="inline small">
      Seeds
      <input
        data-testid="seeds"
        value={text}
        size={14}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = parseSeeds(e.target.value);
          if ('error' in r) {
            setError(r.error);
            onError?.(r.error);
          } else {
            setError(null);
            onError?.(null);
            onChange(r.seeds);
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
