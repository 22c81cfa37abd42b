// Output paths refused before any work (issue 22, item 7): a run that trains and then cannot write
// its record loses it. Each command's output flags, a folder given for a file, a path under a
// regular file, a missing folder; a folder that refuses new files even to root (/proc: access(W_OK)
// would say yes there); too little free space, with the sizes named.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFreeSpace, checkOutputPath, NODE_PREFLIGHT_IO, type OutputTarget } from './output_preflight';
import { runCli } from './testing/cli_in_process';

const TINY = join(__dirname, '..', 'model', '__fixtures__', 'tiny-bert');
const dir = mkdtempSync(join(tmpdir(), 'blora-preflight-'));
const TRAIN = join(dir, 'train.csv');
writeFileSync(TRAIN, `text,label\n${Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'good film' : 'bad film'} ${i},${i % 2}`).join('\n')}\n`);
const A_FILE = join(dir, 'a-file');
writeFileSync(A_FILE, 'x');
const A_FOLDER = join(dir, 'a-folder');
mkdirSync(A_FOLDER);

/** The CLI in-process: exit code, stdout, stderr and how long it took. */
async function blora(...argv: string[]) {
  const t0 = performance.now();
  const run = await runCli(...argv);
  return { ...run, ms: performance.now() - t0 };
}

const train = (out: string) =>
  blora('train', '--model', TINY, '--train', TRAIN, '--epochs', '200', '--batch', '4', '--r', '2', '--max-length', '16', '--out', out);

describe('blora train --out is checked before training', () => {
  // The command's modules loaded first, so that the time measured is the command's.
  beforeAll(() => import('./train'));
  const cases: [string, string, RegExp][] = [
    ['a folder', A_FOLDER, /--out .*a-folder: is a folder; give a file name/],
    ['a path under a regular file', join(A_FILE, 'run.json'), /a-file is a file, not a folder/],
    ['a path in a missing folder', join(dir, 'missing', 'run.json'), /the folder .*missing does not exist/],
    [
      'a folder that refuses new files (even to root)',
      '/proc/blora-run.json',
      /cannot create a file in \/proc \(the file system does not allow new files there\)/,
    ],
  ];
  for (const [what, out, message] of cases) {
    it(`refuses ${what} at once, with no training output`, async () => {
      const r = await train(out);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      // Refused before the model, the data or the backend: nothing printed, and no time spent training.
      expect(r.out).toBe('');
      expect(r.ms).toBeLessThan(3000);
    });
  }
});

describe("the other commands' outputs are checked before their work", () => {
  it('experiment --json and --out', async () => {
    const grid = ['experiment', '--model', TINY, '--train', TRAIN, '--methods', 'lora-xs', '--ranks', '2', '--seeds', '0', '--epochs', '1'];
    for (const [flag, path, message] of [
      ['--json', A_FOLDER, /--json .*a-folder: is a folder/],
      ['--out', join(A_FILE, 'x.md'), /--out .*a-file is a file, not a folder/],
    ] as const) {
      const r = await blora(...grid, flag, path);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
  });
  it('export --out: a file or a path under one is not a folder', async () => {
    for (const out of [A_FILE, join(A_FILE, 'model')]) {
      const r = await blora('export', '--adapter', join(dir, 'no-such.safetensors'), '--format', 'peft', '--out', out);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/--out .*a-file.* not a folder/);
    }
  });
  it('bench --json', async () => {
    const r = await blora('bench', 'mc', '--backend', 'cpu', '--json', A_FOLDER);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--json .*a-folder: is a folder/);
    expect(r.out).toBe('');
  });
});

describe('checkOutputPath and checkFreeSpace', () => {
  const t = (path: string, kind: OutputTarget['kind'] = 'file'): OutputTarget => ({ flag: '--out', path, kind });
  it('accepts a new file in a writable folder, and a new folder under one', () => {
    expect(checkOutputPath(t(join(dir, 'run.json')))).toBe(dir);
    expect(checkOutputPath(t(join(dir, 'new', 'deeper'), 'folder'))).toBe(dir);
    // The probe file is gone, and nothing was created.
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'a-folder', 'train.csv']);
  });
  it('names the system error of a folder that cannot be written (a read-only file system, as root sees it)', () => {
    const io = {
      ...NODE_PREFLIGHT_IO,
      probe: () => {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      },
    };
    expect(() => checkOutputPath(t(join(dir, 'run.json')), io)).toThrow(/cannot create a file in .* \(the file system is read-only\)/);
  });
  it('refuses an output larger than the free space of its disk, naming the path and both sizes', () => {
    let err: (Error & { code?: string }) | undefined;
    try {
      checkFreeSpace(t(join(dir, 'run.json')), dir, 2 ** 60, 'the run record');
    } catch (e) {
      err = e as Error;
    }
    expect(err?.code).toBe('ENOSPC');
    expect(err?.message).toMatch(/--out .*run\.json: the run record needs about 1152921504.* GB, but the disk holding .* has .* free/);
    expect(() => checkFreeSpace(t(join(dir, 'run.json')), dir, 1, 'the run record')).not.toThrow();
  });
});
