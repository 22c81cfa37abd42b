// A failed output write (issue 22, item 7): the message names the path and the step, the old file
// is kept, and no temporary file is left. A full disk is /dev/full behind the temporary file's
// name (real ENOSPC from the kernel), or a write function that fails halfway.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic_write';

const fresh = () => fs.mkdtempSync(join(tmpdir(), 'blora-atomic-'));

function failure(fn: () => void): Error & { code?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('the write did not fail');
}

describe('writeFileAtomic', () => {
  it('writes the file and leaves nothing else', () => {
    const dir = fresh();
    writeFileAtomic(join(dir, 'run.json'), '{"a":1}');
    expect(fs.readdirSync(dir)).toEqual(['run.json']);
    expect(fs.readFileSync(join(dir, 'run.json'), 'utf8')).toBe('{"a":1}');
  });

  it('on a full disk (ENOSPC from /dev/full) names the path, keeps the old file and removes the temporary one', () => {
    const dir = fresh();
    const path = join(dir, 'run.json');
    fs.writeFileSync(path, 'old');
    fs.symlinkSync('/dev/full', `${path}.${process.pid}.tmp`);
    const e = failure(() => writeFileAtomic(path, 'x'.repeat(100_000)));
    expect(e.code).toBe('ENOSPC');
    expect(e.message).toBe(`cannot write ${path}: no space left on the device (while writing the temporary file ${path}.${process.pid}.tmp)`);
    expect(fs.readdirSync(dir)).toEqual(['run.json']);
    expect(fs.readFileSync(path, 'utf8')).toBe('old');
  });

  it('a write that fails halfway leaves no truncated temporary file', () => {
    const dir = fresh();
    const path = join(dir, 'record.json');
    const halfThenFull = (p: string, data: string | Uint8Array) => {
      fs.writeFileSync(p, data.slice(0, data.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const e = failure(() => writeFileAtomic(path, 'y'.repeat(1000), { ...fs, writeFileSync: halfThenFull }));
    expect(e.code).toBe('ENOSPC');
    expect(e.message).toContain(path);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a folder in the way (EISDIR) is named, and the temporary file removed', () => {
    const dir = fresh();
    const path = join(dir, 'out');
    fs.mkdirSync(path);
    fs.writeFileSync(join(path, 'keep'), 'k');
    const e = failure(() => writeFileAtomic(path, 'z'));
    expect(e.code).toMatch(/^(EISDIR|ENOTEMPTY|EEXIST)$/);
    expect(e.message).toMatch(new RegExp(`^cannot write ${path}: .*\\(while renaming ${path}\\.\\d+\\.tmp to it\\)$`));
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });

  it('a path under a regular file (ENOTDIR) is named', () => {
    const dir = fresh();
    fs.writeFileSync(join(dir, 'f'), '');
    const e = failure(() => writeFileAtomic(join(dir, 'f', 'run.json'), 'z'));
    expect(e.code).toMatch(/^(ENOTDIR|EEXIST)$/);
    expect(e.message).toContain(`cannot write ${join(dir, 'f', 'run.json')}`);
  });
});
