// Thin typed wrapper around the training worker: posts ToWorker messages and forwards every
// FromWorker message and export reply (and crashes, as an 'error' message) to one handler.
import type { ExportOnnxReply, FromWorker, TextPredictionReply, ToWorker } from '../../train/protocol';

export type WorkerMessage = FromWorker | ExportOnnxReply | TextPredictionReply;

export interface WorkerLike {
  postMessage(msg: unknown): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

export class TrainerClient {
  constructor(
    private readonly worker: WorkerLike,
    onMessage: (m: WorkerMessage) => void,
  ) {
    worker.onmessage = (ev) => onMessage(ev.data as WorkerMessage);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      onMessage({ type: 'error', code: 'WORKER_CRASHED', message: ev.message || 'the training worker stopped unexpectedly', recoverable: false });
    };
  }

  send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
