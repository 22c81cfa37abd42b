// Messages between parse_client.ts (UI thread) and parse_worker.ts. Structured-clone friendly.
import type { Result } from './errors';
import type { ParseOptions, ParseProgress, ParsedTable } from './types';

export type ParseSource = Blob | ArrayBuffer | Uint8Array | string;

export type ParseRequest =
  | { type: 'parse'; id: number; source: ParseSource; options?: ParseOptions; progressEveryMs?: number }
  | { type: 'cancel'; id: number };

export type ParseResponse = { type: 'progress'; id: number; progress: ParseProgress } | { type: 'result'; id: number; result: Result<ParsedTable> };
