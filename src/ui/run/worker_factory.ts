// Creates the training worker (src/train/worker.ts) as a module worker.
export function createTrainingWorker(): Worker {
  return new Worker(new URL('../../train/worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
}
