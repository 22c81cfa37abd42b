import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFilePath } from './node_file';
import { parseBlob } from './parse';

const dir = mkdtempSync(join(tmpdir(), 'blora-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('size limit is enforced before reading', () => {
  it('Node file: refused with its size, by stat alone', async () => {
    const path = join(dir, 'big.csv');
    writeFileSync(path, 'text,label\n' + 'abc,1\n'.repeat(100));
    const r = await parseFilePath(path, { maxBytes: 500 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('FILE_TOO_LARGE');
    expect(r.error.size).toBe(611);
    expect(r.error.message).toContain('"big.csv" is 611 B; the limit is 500 B');
    const fine = await parseFilePath(path, { maxBytes: 611 });
    expect(fine.ok && fine.value.rows.count).toBe(100);
  });

  it('Blob: the stream is never opened for an oversized file', async () => {
    let opened = false;
    // Blob-like: only size and stream() are used; stream() must never be called.
    const spy = {
      size: 250 * 1024 * 1024,
      stream: () => {
        opened = true;
        return new Blob(['x']).stream();
      },
    } as unknown as Blob;
    const r = await parseBlob(spy, { fileName: 'huge.tsv' });
    expect(opened).toBe(false);
    expect(!r.ok && r.error.code).toBe('FILE_TOO_LARGE');
    expect(!r.ok && r.error.message).toContain('250.0 MB; the limit is 200.0 MB');
  });

  it('a missing path is a READ_FAILED value', async () => {
    const r = await parseFilePath(join(dir, 'nope.csv'));
    expect(!r.ok && r.error.code).toBe('READ_FAILED');
    expect(!r.ok && r.error.message).toContain('no such file');
  });
});

describe('paths that are not regular files are refused before reading', () => {
  const refused = async (path: string, why: string) => {
    const t0 = Date.now();
    const r = await parseFilePath(path);
    expect(Date.now() - t0).toBeLessThan(2000); // /dev/zero was read for minutes; a FIFO would block
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('READ_FAILED');
    expect(r.error.path).toBe(path);
    expect(r.error.message).toContain(`"${path}"`);
    expect(r.error.message).toContain(why);
  };
  it('a directory', () => refused(dir, 'is a directory'));
  it.runIf(existsSync('/dev/zero'))('/dev/zero (stat size 0, endless)', () => refused('/dev/zero', 'is a device'));
  it.runIf(process.platform !== 'win32')('a FIFO', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await refused(fifo, 'is a pipe');
  });
});

describe('gzip on disk', () => {
  it('a .gz file is read through the same streaming decompression', async () => {
    const path = join(dir, 'train.tsv.gz');
    writeFileSync(path, gzipSync(new TextEncoder().encode(`text\tlabel\n${'a good film\t1\na bad film\t0\n'.repeat(50_000)}`)));
    const r = await parseFilePath(path, {}, { chunkSize: 4096 });
    expect(r.ok && r.value.rows.count).toBe(100_000);
    expect(r.ok && r.value.columns).toEqual(['text', 'label']);
  });
});
