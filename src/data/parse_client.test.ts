// The client and the worker logic, wired in-process (structured clone in between, as postMessage does).
import { describe, expect, it } from 'vitest';
import { rowArrays } from './table_rows';
import { ParseClient, type WorkerLike } from './parse_client';
import { createParseHandler } from './parse_worker_core';
import { parseText } from './parse';
import type { ParseRequest, ParseResponse } from './parse_protocol';

class InProcessWorker implements WorkerLike {
  onmessage: ((ev: { data: ParseResponse }) => void) | null = null;
  onerror: ((ev: { message?: string }) => void) | null = null;
  terminated = false;
  requests: ParseRequest[] = [];
  private handle = createParseHandler((m) => setTimeout(() => this.onmessage?.({ data: structuredClone(m) }), 0));
  postMessage(msg: ParseRequest): void {
    this.requests.push(msg);
    void this.handle(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const csv = 'text,label\n' + Array.from({ length: 3000 }, (_, i) => `"row ${i}, quoted",${i % 2}`).join('\n') + '\n';

describe('ParseClient ↔ worker', () => {
  it('parses a Blob with progress and gives the same table as parseText', async () => {
    const worker = new InProcessWorker();
    const client = new ParseClient(() => worker);
    const progress: number[] = [];
    const blob = new Blob([csv]);
    const r = await client.parse(blob, { fileName: 'rows.csv' }, { onProgress: (p) => progress.push(p.bytesRead) });
    const direct = parseText(csv, { fileName: 'rows.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok || !direct.ok) return;
    expect(rowArrays(r.value.rows, r.value.columns.length)).toEqual(rowArrays(direct.value.rows, direct.value.columns.length));
    expect(r.value.bytes).toBe(blob.size);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(blob.size);
    client.dispose();
    expect(worker.terminated).toBe(true);
  });

  it('returns errors as values (ragged row) and refuses oversized files before posting', async () => {
    const worker = new InProcessWorker();
    const client = new ParseClient(() => worker);
    const bad = await client.parse(new TextEncoder().encode('a,b\n1,2\n3\n'));
    expect(!bad.ok && [bad.error.code, bad.error.line]).toEqual(['RAGGED_ROW', 3]);
    const big = await client.parse(new Blob([csv]), { maxBytes: 100, fileName: 'big.csv' });
    expect(!big.ok && big.error.code).toBe('FILE_TOO_LARGE');
    expect(!big.ok && big.error.message).toContain('"big.csv"');
    expect(worker.requests.length).toBe(1); // the big file never reached the worker
  });

  it('cancels with an AbortSignal and reports a worker crash', async () => {
    const worker = new InProcessWorker();
    const client = new ParseClient(() => worker);
    const ctrl = new AbortController();
    const p = client.parse(new Blob([csv]), {}, { signal: ctrl.signal });
    ctrl.abort();
    const r = await p;
    expect(!r.ok && r.error.code).toBe('ABORTED');
    expect(worker.requests.map((m) => m.type)).toEqual(['parse', 'cancel']);

    const stuck: WorkerLike = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
    const c2 = new ParseClient(() => stuck);
    const q = c2.parse('text,label\na,1\n');
    stuck.onerror!({ message: 'boom' });
    const e = await q;
    expect(!e.ok && e.error.message).toContain('boom');
  });
});
