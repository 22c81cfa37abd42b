// Promise-based client of parse_worker.ts: parse(file) resolves to Result<ParsedTable> (never
// rejects for a bad file), with progress callbacks and AbortSignal support.
import { catchDataError, dataError, err, type Result } from './errors';
import { checkFileSize } from './parse';
import type { ParseRequest, ParseResponse, ParseSource } from './parse_protocol';
import type { ParseOptions, ParseProgress, ParsedTable } from './types';

/** What the client needs of a Worker (a fake can run the handler in-process for tests). */
export interface WorkerLike {
  postMessage(msg: ParseRequest): void;
  onmessage: ((ev: { data: ParseResponse }) => void) | null;
  onerror: ((ev: { message?: string }) => void) | null;
  terminate(): void;
}

export function createParseWorker(): WorkerLike {
  return new Worker(new URL('./parse_worker.ts', import.meta.url), { type: 'module', name: 'parse' }) as unknown as WorkerLike;
}

interface Pending {
  resolve: (r: Result<ParsedTable>) => void;
  onProgress?: (p: ParseProgress) => void;
  fileName?: string;
}

export class ParseClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly makeWorker: () => WorkerLike = createParseWorker) {}

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.makeWorker();
    w.onmessage = (ev) => this.onMessage(ev.data);
    w.onerror = (ev) => this.failAll(`The parser worker crashed: ${ev?.message ?? 'unknown error'}`);
    this.worker = w;
    return w;
  }

  private onMessage(msg: ParseResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') p.onProgress?.(msg.progress);
    else {
      this.pending.delete(msg.id);
      p.resolve(msg.result);
    }
  }

  private failAll(message: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve(err(dataError('READ_FAILED', message, { file: p.fileName })));
    }
    this.worker?.terminate();
    this.worker = null;
  }

  /** Parse a File / Blob / bytes / text in the worker. Oversized files are refused before posting. */
  parse(
    source: ParseSource,
    options: ParseOptions = {},
    hooks: { onProgress?: (p: ParseProgress) => void; signal?: AbortSignal } = {},
  ): Promise<Result<ParsedTable>> {
    const fileName = options.fileName ?? (source as Partial<File>).name;
    const opts: ParseOptions = { ...options, fileName };
    if (typeof Blob !== 'undefined' && source instanceof Blob) {
      const sized = catchDataError(() => checkFileSize(source.size, opts));
      if (!sized.ok) return Promise.resolve(sized);
    }
    if (hooks.signal?.aborted) return Promise.resolve(err(dataError('ABORTED', 'Reading the file was cancelled.', { file: fileName })));
    const id = this.nextId++;
    const w = this.ensureWorker();
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, onProgress: hooks.onProgress, fileName });
      hooks.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          w.postMessage({ type: 'cancel', id });
          resolve(err(dataError('ABORTED', 'Reading the file was cancelled.', { file: fileName })));
        },
        { once: true },
      );
      w.postMessage({ type: 'parse', id, source, options: opts });
    });
  }

  /** Stop the worker; pending parses resolve with an error. */
  dispose(): void {
    this.failAll('The parser was closed.');
  }
}
