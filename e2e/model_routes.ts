// Serves the tiny-bert fixture as the embedded model (routeTinyModel in helpers.ts is this without the log) and logs
// every model-file request that reaches the "server", so tests can count downloads and inject
// faults (a failed GET, as Chromium's net::ERR_CACHE_WRITE_FAILURE would give).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src/model/__fixtures__/tiny-bert');

export interface ModelRequestLog {
  requests: { method: string; name: string }[];
  /** Requests of one file and method so far. */
  count(name: string, method?: 'GET' | 'HEAD'): number;
}

export interface RouteFaults {
  /** Fail the n-th (1-based) request of this file and method with a network error. */
  abort?: (name: string, method: string, n: number) => boolean;
  /** Answer this request only once the promise settles (to watch a load in progress). */
  hold?: (name: string, method: string) => Promise<void> | undefined;
}

export async function routeTinyModelLogged(context: BrowserContext, faults: RouteFaults = {}): Promise<ModelRequestLog> {
  const log: ModelRequestLog = {
    requests: [],
    count: (name, method = 'GET') => log.requests.filter((r) => r.name === name && r.method === method).length,
  };
  await context.route('**/models/blora-tiny-uncased/*', async (route) => {
    const req = route.request();
    const name = new URL(req.url()).pathname.split('/').pop()!;
    log.requests.push({ method: req.method(), name });
    if (faults.abort?.(name, req.method(), log.count(name, req.method() as 'GET' | 'HEAD'))) return route.abort('failed');
    await faults.hold?.(name, req.method());
    let body: Buffer;
    try {
      body = readFileSync(join(dir, name));
    } catch {
      return route.fulfill({ status: 404, body: 'not found', headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } });
    }
    return route.fulfill({
      status: 200,
      body,
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length), 'Cross-Origin-Resource-Policy': 'same-origin' },
    });
  });
  return log;
}
