// A tab holds a Web Lock named after the run it trains, so another tab of the page opened meanwhile
// does not take that run for one a reload stopped and train it a second time (restore_runs.ts skips
// runs whose lock is held). Where Web Locks are missing (old browsers, Node) nothing is held or seen.

const PREFIX = 'blora-run:';

type Locks = { request(name: string, cb: () => Promise<void>): Promise<void>; query(): Promise<{ held?: { name?: string }[] }> };
const locks = (): Locks | undefined => (globalThis.navigator as unknown as { locks?: Locks } | undefined)?.locks;

/** Holds the run's lock until the returned function is called. */
export function holdRunLock(runId: string): () => void {
  let release = () => {};
  const l = locks();
  if (l) void l.request(PREFIX + runId, () => new Promise<void>((r) => (release = r))).catch(() => undefined);
  return () => release();
}

/** Runs whose lock a tab holds now (this one's included). */
export async function heldRunLocks(): Promise<Set<string>> {
  const l = locks();
  if (!l) return new Set();
  try {
    const { held = [] } = await l.query();
    return new Set(held.flatMap((h) => (h.name?.startsWith(PREFIX) ? [h.name.slice(PREFIX.length)] : [])));
  } catch {
    return new Set();
  }
}
