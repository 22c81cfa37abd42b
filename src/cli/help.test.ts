import { describe, expect, it } from 'vitest';
import { COMMAND_HELP } from './help';
import { TRAIN_OPTIONS } from './train';
import { EMBED_OPTIONS } from './embed';
import { EXPERIMENT_OPTIONS } from './experiment';
import { main } from './main';

describe('blora <command> --help', () => {
  for (const [name, options] of [
    ['train', TRAIN_OPTIONS],
    ['embed', EMBED_OPTIONS],
    ['experiment', EXPERIMENT_OPTIONS],
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
