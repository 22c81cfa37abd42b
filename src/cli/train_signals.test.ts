// SIGTERM and SIGHUP during `blora train --out` (timeout, systemd, Slurm and Docker send SIGTERM; a
// closed terminal SIGHUP): the run stops between two steps as on Ctrl-C (train_interrupt.test.ts),
// writes the partial run record and exits with 128 + the signal's number. A real signal to a real
// process: readme_commands.test.ts.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainCommand } from './train';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');

describe('blora train stopped by a signal', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: writes a partial record and exits ${code}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `blora-${signal}-`));
      const rows = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'good film' : 'bad film'} ${i},${i % 2}`).join('\n');
      writeFileSync(join(dir, 'train.csv'), `text,label\n${rows}\n`);
      const out = join(dir, 'run.json');
      const signals = new EventEmitter();
      const [log, error] = [console.log, console.error];
      const said: string[] = [];
      let steps = 0;
      console.log = (s: unknown) => {
        said.push(String(s));
        if (String(s).startsWith('step') && ++steps === 2) signals.emit(signal);
      };
      console.error = (s: unknown) => said.push(String(s));
      let exit: number;
      try {
        exit = await trainCommand(
          ['--model', TINY, '--train', join(dir, 'train.csv'), '--epochs', '50', '--batch', '4', '--r', '2', '--max-length', '16', '--out', out],
          signals,
        );
      } finally {
        [console.log, console.error] = [log, error];
      }
      expect(exit).toBe(code);
      expect(signals.listenerCount(signal)).toBe(0);
      const rec = JSON.parse(readFileSync(out, 'utf8'));
      expect(rec).toMatchObject({ format: 'blora-run-record', status: 'interrupted', method: { kind: 'lora-xs', r: 2 } });
      expect(rec.steps).toBeGreaterThanOrEqual(2);
      expect(rec.steps).toBeLessThan(rec.totalSteps);
      expect(said.join('\n')).toMatch(new RegExp(`interrupted at step \\d+ of \\d+ by ${signal}`));
    });
  }
});
