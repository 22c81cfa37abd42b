import { describe, expect, it } from 'vitest';
import { TrainerClient, type WorkerLike, type WorkerMessage } from './trainer_client';

function fakeWorker() {
  const sent: unknown[] = [];
  const w: WorkerLike & { sent: unknown[]; terminated: boolean } = {
    sent,
    terminated: false,
    postMessage: (m) => sent.push(m),
    terminate() {
      this.terminated = true;
    },
    onmessage: null,
    onerror: null,
  };
  return w;
}

describe('TrainerClient', () => {
  it('posts messages and forwards replies', () => {
    const w = fakeWorker();
    const got: WorkerMessage[] = [];
    const c = new TrainerClient(w, (m) => got.push(m));
    c.send({ type: 'pause', runId: 'r' });
    expect(w.sent).toEqual([{ type: 'pause', runId: 'r' }]);
    w.onmessage!({ data: { type: 'cancelled', runId: 'r' } } as MessageEvent);
    expect(got).toEqual([{ type: 'cancelled', runId: 'r' }]);
    const bytes = Uint8Array.of(8, 1);
    w.onmessage!({ data: { type: 'onnx', requestId: 'q', bytes, description: 'd' } } as MessageEvent);
    expect(got[1]).toEqual({ type: 'onnx', requestId: 'q', bytes, description: 'd' });
    c.dispose();
    expect(w.terminated).toBe(true);
  });
  it('turns a worker crash into a non-recoverable error message', () => {
    const w = fakeWorker();
    const got: WorkerMessage[] = [];
    new TrainerClient(w, (m) => got.push(m));
    w.onerror!({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(got[0]).toMatchObject({ type: 'error', code: 'WORKER_CRASHED', message: 'boom', recoverable: false });
  });
});
