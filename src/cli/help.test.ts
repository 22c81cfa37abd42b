import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from './help';
import { TRAIN_OPTIONS } from './train';
import { EMBED_OPTIONS } from './embed';
import { EXPERIMENT_OPTIONS } from './experiment';
import { EXPORT_OPTIONS } from './export';
import { main } from './main';

describe('blora <command> --help', () => {
  for (const [name, options] of [
    ['train', TRAIN_OPTIONS],
    ['embed', EMBED_OPTIONS],
    ['experiment', EXPERIMENT_OPTIONS],
    ['export', EXPORT_OPTIONS],
  ] as const) {
    it(`${name} lists every option it accepts`, () => {
      const missing = Object.keys(options).filter((o) => !COMMAND_HELP[name]!.includes(`--${o} `) && !COMMAND_HELP[name]!.includes(`--${o}\n`));
      expect(missing).toEqual([]);
    });
  }

  it('prints the help and exits 0 instead of running the command', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      expect(await main(['train', '--help'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toContain('--random-weights');
  });
});

describe('CLI numbers', () => {
  const errorOf = async (argv: string[]) => {
    const lines: string[] = [];
    const err = console.error;
    console.error = (m: string) => lines.push(m);
    try {
      return { code: await main(argv), text: lines.join('\n') };
    } finally {
      console.error = err;
    }
  };
  it('refuses a malformed or out-of-range whole number by its flag, before training', async () => {
    const bad = await errorOf(['train', '--dataset', 'fine-foods', '--max-length', 'abc']);
    expect(bad).toEqual({ code: 1, text: expect.stringContaining('--max-length must be a whole number from 8 to 128, got "abc"') });
    expect((await errorOf(['train', '--dataset', 'fine-foods', '--max-steps', '0'])).text).toMatch(/--max-steps must be a whole number from 1/);
    expect((await errorOf(['train', '--dataset', 'fine-foods', '--epochs', '2.5'])).text).toContain('--epochs: epochs must be a whole number ≥ 1');
  });
});
