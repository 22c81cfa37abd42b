// Retry a flaky step (a download) a few times with growing pauses. Chromium can fail one fetch
// with net::ERR_CACHE_WRITE_FAILURE or a dropped connection; a second try usually succeeds.

export interface RetryOptions {
  /** Attempts in all, the first included (default 3). */
  attempts?: number;
  /** Pause before attempt n + 1 (n = 1, 2, …) in ms (default 400 · 3^(n−1): 0.4 s, 1.2 s, …). */
  delayMs?: (attempt: number) => number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** Told before each new attempt, with the error that ended the previous one. */
  onRetry?: (attempt: number, error: unknown) => void;
}

/** An error a later attempt cannot fix (a 403, a corrupt file): thrown at once. */
export class PermanentError extends Error {
  constructor(readonly inner: unknown) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

export const defaultDelayMs = (attempt: number) => 400 * 3 ** (attempt - 1);
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `step(attempt)` until it resolves, at most `attempts` times. A PermanentError, or any error
 * once the signal is aborted, is rethrown at once (the inner error for a PermanentError); after
 * the last attempt the last error is rethrown together with the number of attempts made.
 */
export async function withRetry<T>(step: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<{ value: T; attempts: number }> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  const sleep = opts.sleep ?? wait;
  const delay = opts.delayMs ?? defaultDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await step(attempt), attempts: attempt };
    } catch (e) {
      if (e instanceof PermanentError) throw e.inner;
      if (opts.signal?.aborted || attempt >= attempts) throw new RetriesExhausted(e, attempt);
      opts.onRetry?.(attempt + 1, e);
      await sleep(delay(attempt));
    }
  }
}

/** The last error after every attempt failed. */
export class RetriesExhausted extends Error {
  constructor(
    readonly last: unknown,
    readonly attempts: number,
  ) {
    super(last instanceof Error ? last.message : String(last));
  }
}
