// The worker's logic, separate from the worker entry so it can be tested in-process: runs the
// shared streaming parser on a Blob / bytes / text, posts throttled progress, honours cancel.
import { dataError, err, type Result } from './errors';
import { parseBlob, parseChunks, parseText, type StreamHooks } from './parse';
import type { ParseRequest, ParseResponse, ParseSource } from './parse_protocol';
import type { ParseOptions, ParsedTable } from './types';

const BYTE_CHUNK = 1 << 20;

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += BYTE_CHUNK) yield bytes.subarray(i, i + BYTE_CHUNK);
}

function run(source: ParseSource, options: ParseOptions, hooks: StreamHooks): Promise<Result<ParsedTable>> | Result<ParsedTable> {
  if (typeof source === 'string') return parseText(source, options);
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    return parseChunks(bytes.length ? slices(bytes) : [bytes], options, { ...hooks, totalBytes: bytes.length });
  }
  return parseBlob(source, options, hooks);
}

export function createParseHandler(post: (msg: ParseResponse) => void): (msg: ParseRequest) => Promise<void> {
  const running = new Map<number, AbortController>();
  return async (msg) => {
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const ctrl = new AbortController();
    running.set(msg.id, ctrl);
    const every = msg.progressEveryMs ?? 100;
    let last = -Infinity;
    const hooks: StreamHooks = {
      signal: ctrl.signal,
      onProgress: (progress) => {
        const now = Date.now();
        const complete = progress.totalBytes !== undefined && progress.bytesRead >= progress.totalBytes;
        if (now - last >= every || complete) {
          last = now;
          post({ type: 'progress', id: msg.id, progress });
        }
      },
    };
    let result: Result<ParsedTable>;
    try {
      result = await run(msg.source, msg.options ?? {}, hooks);
    } catch (e) {
      result = err(dataError('READ_FAILED', `Could not read the file: ${(e as Error)?.message ?? String(e)}`, { file: msg.options?.fileName }));
    }
    running.delete(msg.id);
    post({ type: 'result', id: msg.id, result });
  };
}
