// Node-only: parse a file on disk through fs streams with the same parser as the browser.
// Imported by the CLI (and tests) only — never by browser code.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { catchDataError, dataError, err, type Result } from './errors';
import { checkFileSize, parseChunks, type StreamHooks } from './parse';
import type { ParseOptions, ParsedTable } from './types';

export interface NodeFileHooks extends Omit<StreamHooks, 'totalBytes'> {
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
}

export async function parseFilePath(path: string, options: ParseOptions = {}, hooks: NodeFileHooks = {}): Promise<Result<ParsedTable>> {
  const opts = { ...options, fileName: options.fileName ?? basename(path) };
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    return err(dataError('READ_FAILED', `Cannot read "${path}": ${(e as Error).message}`, { file: opts.fileName }));
  }
  const sized = catchDataError(() => checkFileSize(size, opts));
  if (!sized.ok) return sized;
  const stream = createReadStream(path, { highWaterMark: hooks.chunkSize ?? 1 << 20 });
  try {
    return await parseChunks(stream as AsyncIterable<Uint8Array>, opts, { ...hooks, totalBytes: size });
  } finally {
    stream.destroy();
  }
}
