// Creates the training worker (src/train/worker.ts, owned by the trainer).
// The glob keeps the app building while that file does not exist yet; it resolves to the
// same module worker as `new Worker(new URL('../train/worker.ts', import.meta.url), {type: 'module'})`.
const workers = import.meta.glob<{ default: new (opts?: { name?: string }) => Worker }>('../../train/worker.ts', { query: '?worker' });

export async function createTrainingWorker(): Promise<Worker> {
  const load = workers['../../train/worker.ts'];
  if (!load) throw new Error('the training worker is not part of this build (src/train/worker.ts is missing)');
  const mod = await load();
  return new mod.default({ name: 'trainer' });
}
