import { GpuError } from './errors';

/** Default wait for any GPU promise; a hung GPU process must fail fast, not freeze the app. */
export const DEFAULT_GPU_TIMEOUT_MS = 30_000;

/** Resolve with `p`, or reject with a GpuError('timeout') after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GpuError('timeout', `${what} did not finish within ${ms} ms`, { what, ms })), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
