// Entry points of the parser. Each returns Result<ParsedTable>: a bad file gives an error value,
// never a partial table. All of them run the same StreamingTableParser.
import { catchDataError, catchDataErrorAsync, fail, formatBytes, type Result } from './errors';
import { StreamingTableParser } from './stream_parser';
import { DEFAULT_MAX_BYTES, type ParseOptions, type ParseProgress, type ParsedTable } from './types';

export interface StreamHooks {
  onProgress?: (p: ParseProgress) => void;
  signal?: AbortSignal;
  /** Total size when known (for progress and the size check). */
  totalBytes?: number;
}

/** Refuse a file above the limit before reading a byte of it. */
export function checkFileSize(size: number, options: ParseOptions = {}): void {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > limit) {
    const name = options.fileName ? `"${options.fileName}"` : 'The file';
    fail('FILE_TOO_LARGE', `${name} is ${formatBytes(size)}; the limit is ${formatBytes(limit)}. Use a smaller file or raise the limit.`, {
      size,
      limit,
      file: options.fileName,
    });
  }
}

export function parseText(text: string, options: ParseOptions = {}): Result<ParsedTable> {
  return catchDataError(() => {
    const p = new StreamingTableParser(options);
    p.pushText(text);
    return p.finish();
  });
}

export function parseBytes(bytes: Uint8Array, options: ParseOptions = {}): Result<ParsedTable> {
  return catchDataError(() => {
    checkFileSize(bytes.length, options);
    const p = new StreamingTableParser(options);
    p.pushBytes(bytes);
    return p.finish();
  });
}

/** Parse chunks as they arrive (any iterable or async iterable of byte chunks). */
export function parseChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ParseOptions = {},
  hooks: StreamHooks = {},
): Promise<Result<ParsedTable>> {
  return catchDataErrorAsync(async () => {
    if (hooks.totalBytes !== undefined) checkFileSize(hooks.totalBytes, options);
    const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const p = new StreamingTableParser(options);
    for await (const chunk of chunks) {
      if (hooks.signal?.aborted) fail('ABORTED', 'Reading the file was cancelled.', { file: options.fileName });
      if (p.bytesRead + chunk.length > limit) checkFileSize(p.bytesRead + chunk.length, options);
      p.pushBytes(chunk);
      hooks.onProgress?.({ bytesRead: p.bytesRead, totalBytes: hooks.totalBytes, rows: p.rowCount });
    }
    const table = p.finish();
    hooks.onProgress?.({ bytesRead: p.bytesRead, totalBytes: hooks.totalBytes, rows: table.rows.count });
    return table;
  });
}

async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value && value.length) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function parseReadableStream(stream: ReadableStream<Uint8Array>, options: ParseOptions = {}, hooks: StreamHooks = {}): Promise<Result<ParsedTable>> {
  return parseChunks(readerChunks(stream), options, hooks);
}

/** A File or Blob, streamed; its size is checked first, so an oversized file is never read. */
export async function parseBlob(blob: Blob, options: ParseOptions = {}, hooks: StreamHooks = {}): Promise<Result<ParsedTable>> {
  const name = options.fileName ?? (blob as Partial<File>).name;
  const opts = { ...options, fileName: name };
  const sized = catchDataError(() => checkFileSize(blob.size, opts));
  if (!sized.ok) return sized;
  return parseReadableStream(blob.stream() as ReadableStream<Uint8Array>, opts, { ...hooks, totalBytes: blob.size });
}
