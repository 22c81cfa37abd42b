// The model load in progress or failed, as the model panel shows it: bytes per file while the
// worker downloads, then the error (with a Retry) or nothing once the model is ready. loadIds
// grow with each init; messages of an older load than the one shown are ignored.
import type { FromWorker } from '../../train/protocol';

export interface FileProgress {
  received: number;
  total?: number;
  fromCache: boolean;
}

export interface ModelLoad {
  loadId: number;
  /** What is loading (the model id or URL), for the panel. */
  label: string;
  status: 'loading' | 'failed';
  files: Record<string, FileProgress>;
  error?: { code: string; message: string; file?: string };
}

export function startedLoad(loadId: number, label: string): ModelLoad {
  return { loadId, label, status: 'loading', files: {} };
}

/** The load after a worker message (the same object when the message is not about it). */
export function nextModelLoad(load: ModelLoad | null, msg: FromWorker): ModelLoad | null {
  if (!load) return load;
  switch (msg.type) {
    case 'model-progress':
      if (msg.loadId !== load.loadId || load.status !== 'loading') return load;
      return { ...load, files: { ...load.files, [msg.file]: { received: msg.received, total: msg.total, fromCache: msg.fromCache } } };
    case 'model-error':
      if (msg.loadId < load.loadId) return load;
      return { ...load, status: 'failed', error: { code: msg.code, message: msg.message, file: msg.file } };
    case 'ready':
      return msg.loadId !== undefined && msg.loadId >= load.loadId ? null : load;
    case 'error':
      // The worker reports a backend failure after the model load settled: the error shows instead.
      return !msg.runId && load.status === 'loading' ? null : load;
    default:
      return load;
  }
}
