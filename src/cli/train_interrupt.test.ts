// Ctrl-C during `blora train --out`: the run stops between two steps, the partial run record says
// what was run and how far it got, the exit code is 130, and `blora export` refuses the record.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '../train/run_record';
import { trainCommand } from './train';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');

describe('blora train interrupted', () => {
  it('writes a partial record and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blora-sigint-'));
    const rows = Array.from({ length: 80 }, (_, i) => `${i % 2 ? 'good film' : 'bad film'} ${i},${i % 2}`).join('\n');
    writeFileSync(join(dir, 'train.csv'), `text,label\n${rows}\n`);
    const out = join(dir, 'run.json');
    const signals = new EventEmitter();
    const log = console.log;
    const error = console.error;
    const said: string[] = [];
    // The third step line is the moment to press Ctrl-C.
    let steps = 0;
    console.log = (s: unknown) => {
      said.push(String(s));
      if (String(s).startsWith('step') && ++steps === 3) signals.emit('SIGINT');
    };
    console.error = (s: unknown) => said.push(String(s));
    let code: number;
    try {
      code = await trainCommand(
        ['--model', TINY, '--train', join(dir, 'train.csv'), '--epochs', '50', '--batch', '4', '--r', '2', '--max-length', '16', '--out', out],
        signals,
      );
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(code).toBe(130);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    const rec = JSON.parse(readFileSync(out, 'utf8'));
    expect(rec).toMatchObject({ format: 'blora-run-record', status: 'interrupted', method: { kind: 'lora-xs', r: 2 } });
    // Stopped right after the step at which Ctrl-C came, of the planned 50 epochs.
    expect(rec.steps).toBeGreaterThanOrEqual(3);
    expect(rec.steps).toBeLessThan(rec.totalSteps);
    expect(rec.loss.at(-1).step).toBe(rec.steps);
    expect(said.join('\n')).toMatch(/interrupted at step \d+ of \d+/);
    expect(() => parseRunRecord(readFileSync(out, 'utf8'), 'run.json')).toThrow('interrupted before it finished');
  });
});
