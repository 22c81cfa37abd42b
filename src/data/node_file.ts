// Node-only: parse a file on disk through fs streams with the same parser as the browser.
// Imported by the CLI (and tests) only — never by browser code.
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { catchDataError, dataError, err, isDataError, type Result } from './errors';
import { checkFileSize, parseChunks, type StreamHooks } from './parse';
import type { ParseOptions, ParsedTable } from './types';

export interface NodeFileHooks extends Omit<StreamHooks, 'totalBytes'> {
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
}

/** What a path is when it is not a regular file (its size says nothing: /dev/zero has size 0). */
function notARegularFile(s: Stats): string | null {
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'it is a directory, not a file';
  if (s.isFIFO()) return 'it is a pipe (FIFO), not a regular file';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'it is a device, not a regular file';
  if (s.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

function readFailed(path: string, why: string, file: string) {
  return err<ParsedTable>(dataError('READ_FAILED', `Cannot read "${path}": ${why}.`, { file, path }));
}

function why(e: unknown): string {
  const x = e as NodeJS.ErrnoException;
  if (x?.code === 'ENOENT') return 'no such file';
  if (x?.code === 'EACCES' || x?.code === 'EPERM') return 'permission denied';
  if (x?.code === 'EISDIR') return 'it is a directory, not a file';
  return x?.message ?? String(e);
}

export async function parseFilePath(path: string, options: ParseOptions = {}, hooks: NodeFileHooks = {}): Promise<Result<ParsedTable>> {
  const opts = { ...options, fileName: options.fileName ?? basename(path) };
  const file = opts.fileName;
  let handle: Awaited<ReturnType<typeof open>>;
  let size: number;
  try {
    // stat before open: opening a FIFO would wait for a writer, and /dev/zero never ends.
    const s = await stat(path);
    const odd = notARegularFile(s);
    if (odd) return readFailed(path, odd, file);
    size = s.size;
    handle = await open(path, 'r');
  } catch (e) {
    return readFailed(path, why(e), file);
  }
  try {
    const sized = catchDataError(() => checkFileSize(size, opts));
    if (!sized.ok) return sized;
    const stream = handle.createReadStream({ highWaterMark: hooks.chunkSize ?? 1 << 20, autoClose: false });
    try {
      return await parseChunks(stream as AsyncIterable<Uint8Array>, opts, { ...hooks, totalBytes: size });
    } catch (e) {
      if (isDataError(e)) return err(e);
      return readFailed(path, why(e), file);
    } finally {
      stream.destroy();
    }
  } catch (e) {
    return readFailed(path, why(e), file);
  } finally {
    await handle.close().catch(() => {});
  }
}
