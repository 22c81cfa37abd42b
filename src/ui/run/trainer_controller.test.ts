import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodConfig } from '../../methods/config';
import type { DatasetPayload, RunResult } from '../../train/protocol';
import { useLab } from '../runtime/lab_store';
import { methodDefaults } from '../../methods/settings';

// A fake worker that records what the controller posts and lets the test reply.
const sent: { type: string; runId?: string; requestId?: string; adapters?: { name: string }[] }[] = [];
const fake = {
  onmessage: null as ((ev: MessageEvent) => void) | null,
  onerror: null as ((ev: ErrorEvent) => void) | null,
  postMessage: (m: (typeof sent)[number]) => sent.push(m),
  terminate: () => {},
};
vi.mock('./worker_factory', () => ({ createTrainingWorker: () => fake }));
const {
  initTrainer,
  loadTrainerModel,
  retryModelLoad,
  startRuns,
  pauseRun,
  resumeRun,
  cancelRuns,
  currentRunId,
  exportRunOnnx,
  InvalidStartError,
  requeueRuns,
} = await import('./trainer_controller');
const M = { kind: 'url', url: 'http://x/m/' } as const;

const reply = (data: unknown) => fake.onmessage!({ data } as MessageEvent);
const dataset: DatasetPayload = { id: 'd', name: 'D', labelNames: ['a', 'b'], train: [], validation: [], test: [], ood: [] };
const method = (id: string): MethodConfig => ({ ...methodDefaults('lora-xs'), id, seed: 0 });

describe('trainer controller', () => {
  beforeEach(() => {
    sent.length = 0;
    useLab.getState().clearRuns();
  });

  it('initialises once per backend and model', async () => {
    await initTrainer('cpu', 0, M);
    await initTrainer('cpu', 0, M);
    await initTrainer('webgpu', 0, M);
    await initTrainer('webgpu', 2, M);
    expect(sent.map((m) => m.type)).toEqual(['init', 'init', 'init']);
    expect(sent.map((m) => (m as { threads?: number }).threads)).toEqual([0, 0, 2]);
    // Only the first init named a new model: a backend change does not show a model load again.
    expect(useLab.getState().modelLoad?.loadId).toBe((sent[0] as { loadId?: number }).loadId);
  });

  it('reports a failed model load, keeps it failed for older messages, and settles a retry', async () => {
    const info = { id: 'http://x/other/', layers: 2, hidden: 32, vocab: 125, files: [] };
    const failed = loadTrainerModel('webgpu', 2, { kind: 'url', url: 'http://x/other/' });
    const first = sent.at(-1) as unknown as { type: string; loadId: number; reload?: boolean };
    expect(first).toMatchObject({ type: 'init', reload: true });
    reply({ type: 'model-progress', loadId: first.loadId, file: 'model.safetensors', received: 10, total: 40, fromCache: false });
    expect(useLab.getState().modelLoad?.files['model.safetensors']).toEqual({ received: 10, total: 40, fromCache: false });
    reply({ type: 'model-error', loadId: first.loadId, code: 'fetch_failed', message: 'could not download model.safetensors', file: 'model.safetensors' });
    await expect(failed).rejects.toThrow('could not download');
    expect(useLab.getState().modelLoad).toMatchObject({ status: 'failed', error: { code: 'fetch_failed' } });
    // A late ready of an older init (no loadId: its model was not the one asked for) changes nothing.
    reply({ type: 'ready', backend: { kind: 'cpu' }, model: info });
    expect(useLab.getState().modelLoad?.status).toBe('failed');

    const again = retryModelLoad();
    const second = sent.at(-1) as unknown as { loadId: number; model: unknown; reload?: boolean };
    expect(second).toMatchObject({ model: { kind: 'url', url: 'http://x/other/' }, reload: true });
    expect(second.loadId).toBeGreaterThan(first.loadId);
    expect(useLab.getState().modelLoad?.status).toBe('loading');
    reply({ type: 'ready', backend: { kind: 'cpu' }, model: info, loadId: second.loadId });
    await expect(again).resolves.toEqual(info);
    expect(useLab.getState().modelLoad).toBeNull();
    expect(useLab.getState().model).toEqual(info);

    // No backend: the load waiting for ready fails instead of hanging.
    const noBackend = retryModelLoad();
    reply({ type: 'error', code: 'init-failed', message: 'no WebGPU adapter', recoverable: true });
    await expect(noBackend).rejects.toThrow('no WebGPU adapter');
    expect(useLab.getState().modelLoad).toBeNull();
    expect(useLab.getState().workerError).toBe('no WebGPU adapter (init-failed)');
  });

  it('runs the queue one at a time, one run per method and seed', () => {
    const ids = startRuns([method('a'), method('b')], [1, 2], dataset, { maxLength: 16, evalEverySteps: 0 });
    expect(ids).toHaveLength(4);
    expect(sent.filter((m) => m.type === 'start').map((m) => m.runId)).toEqual([ids[0]]);
    expect(useLab.getState().runs[ids[0]].method.seed).toBe(1);
    expect(useLab.getState().runs[ids[1]].status).toBe('queued');
    reply({ type: 'done', result: { runId: ids[0] } });
    expect(sent.filter((m) => m.type === 'start').map((m) => m.runId)).toEqual([ids[0], ids[1]]);
    expect(currentRunId()).toBe(ids[1]);

    pauseRun();
    expect(sent.at(-1)).toEqual({ type: 'pause', runId: ids[1] });
    expect(useLab.getState().runs[ids[1]].status).toBe('paused');
    resumeRun();
    expect(sent.at(-1)).toEqual({ type: 'resume', runId: ids[1] });

    // An error ends the run and the next one starts.
    reply({ type: 'error', runId: ids[1], code: 'x', message: 'failed', recoverable: true });
    expect(currentRunId()).toBe(ids[2]);

    cancelRuns();
    expect(sent.at(-1)).toEqual({ type: 'cancel', runId: ids[2] });
    expect(useLab.getState().runs[ids[3]].status).toBe('cancelled');
    reply({ type: 'cancelled', runId: ids[2] });
    expect(currentRunId()).toBeNull();
    expect(sent.filter((m) => m.type === 'start')).toHaveLength(3);
  });

  it('creates no run from settings the trainer would refuse (an impossible SWAG schedule, bad seeds or options)', () => {
    const rows = Array.from({ length: 64 }, (_, i) => ({ text: `t${i}`, label: i % 2 }));
    const data = { ...dataset, train: rows };
    const swag = { ...methodDefaults('b-lora-xs'), id: 's', epochs: 4, swagStart: 2, batch: 16, K: 5 };
    const options = { maxLength: 16, evalEverySteps: 0 };
    expect(() => startRuns([method('a'), swag], [0], data, options)).toThrow(InvalidStartError);
    expect(() => startRuns([swag], [0], data, options)).toThrow(/“K \(deviation rows\)”: .* fewer than K = 5/);
    expect(() => startRuns([method('a')], [3, 3], data, options)).toThrow('Seeds: each seed once');
    expect(() => startRuns([method('a')], [0], data, { ...options, checkpointEverySteps: -5 })).toThrow(/“Checkpoint every \(steps\)”/);
    expect(useLab.getState().order).toEqual([]);
    expect(sent.filter((m) => m.type === 'start')).toEqual([]);
    // Fixed (K = 2 fits the 2 collections), it starts, and the worker is told to word refusals for the page.
    expect(startRuns([{ ...swag, K: 2 }], [0], data, options)).toHaveLength(1);
    expect(sent.filter((m) => m.type === 'start')).toMatchObject([{ options: { wording: 'page' } }]);
    cancelRuns();
    reply({ type: 'cancelled', runId: currentRunId() });
  });

  it('exports ONNX beside a running run: the queue and the store are left alone', async () => {
    await initTrainer('cpu', 0, M);
    const ids = startRuns([method('a'), method('b')], [1], dataset, { maxLength: 16, evalEverySteps: 0 });
    const runsBefore = useLab.getState().runs;
    // Each queued run keeps its data set's identity and class names from the start.
    expect(runsBefore[ids[0]].data).toEqual({ id: 'd', name: 'D', labelNames: ['a', 'b'] });
    const t = (name: string) => ({ name, shape: [1], data: new Float32Array(1) });
    const result = {
      runId: 'old',
      method: method('x'),
      adapters: [t('m.lora_A'), t('swag.mean'), t('laplace.ggn'), t('classifier.weight')],
      nClasses: 2,
      dataset: { id: 'sst2', name: 'SST-2', labelNames: ['neg', 'pos'] },
    } as unknown as RunResult;

    // The run's own class names go to the worker (never the data set loaded now).
    const ok = exportRunOnnx(result);
    const req = sent.at(-1)!;
    expect(req).toMatchObject({ type: 'export-onnx', runId: 'old', dataset: { labelNames: ['neg', 'pos'] } });
    // Posterior statistics are not sent: the merge does not read them.
    expect(req.adapters!.map((a) => a.name)).toEqual(['m.lora_A', 'classifier.weight']);
    const bytes = Uint8Array.of(1, 2, 3);
    const files = { 'config.json': Uint8Array.of(123, 125) };
    reply({ type: 'onnx', requestId: req.requestId, bytes, description: 'the fine-tuned MAP model', files });
    await expect(ok).resolves.toEqual({ bytes, description: 'the fine-tuned MAP model', files });

    const bad = exportRunOnnx(result);
    reply({ type: 'onnx-error', requestId: sent.at(-1)!.requestId, message: 'ONNX export: no head' });
    await expect(bad).rejects.toThrow('ONNX export: no head');

    // A crashed worker fails a pending export instead of leaving it hanging.
    const lost = exportRunOnnx(result);
    fake.onerror!({ message: 'gone', preventDefault() {} } as ErrorEvent);
    await expect(lost).rejects.toThrow('gone');

    expect(currentRunId()).toBe(ids[0]);
    expect(sent.filter((m) => m.type === 'start').map((m) => m.runId)).toEqual([ids[0]]);
    expect(useLab.getState().runs).toBe(runsBefore);
  });

  it('runs a reload stopped go on in order: read back when their turn comes, paused ones paused; one that cannot stays interrupted saying why', async () => {
    await initTrainer('cpu', 0, M);
    // The queue the earlier tests left, emptied.
    const left = currentRunId();
    cancelRuns();
    if (left) reply({ type: 'cancelled', runId: left });
    sent.length = 0;
    const sizes = { train: 0, validation: 0, test: 0, ood: 0 };
    const options = { maxLength: 16, evalEverySteps: 0 };
    for (const id of ['r1', 'r2', 'r3']) {
      useLab.getState().queueRun(id, method(id));
      useLab.getState().setStatus(id, 'interrupted');
    }
    const checkpoint = { runId: 'r2' } as never;
    requeueRuns([
      { runId: 'r1', method: method('r1'), options, sizes, prepare: async () => ({ problem: 'its data set is gone' }) },
      {
        runId: 'r2',
        method: method('r2'),
        options,
        sizes,
        paused: true,
        prepare: async () => ({ dataset, options, reloaded: { reason: 'the page was reloaded', checkpoint } }),
      },
      { runId: 'r3', method: method('r3'), options, sizes, prepare: async () => ({ dataset, options }) },
    ]);
    expect(useLab.getState().runs.r3.status).toBe('queued');
    await vi.waitFor(() => expect(sent.filter((m) => m.type === 'start')).toHaveLength(1));
    expect(useLab.getState().runs.r1).toMatchObject({ status: 'interrupted', error: expect.stringContaining('cannot resume because its data set is gone') });
    expect(sent.slice(-2)).toEqual([
      { type: 'start', runId: 'r2', method: method('r2'), dataset, options, reloaded: { reason: 'the page was reloaded', checkpoint } },
      { type: 'pause', runId: 'r2' },
    ]);
    expect(useLab.getState().runs.r2.status).toBe('paused');
    // A checkpoint message changes nothing shown (no re-render); the worker refusing to go on leaves the run interrupted with its curve.
    const before = useLab.getState().runs;
    reply({ type: 'checkpoint', runId: 'r2', step: 2, settingsHash: 's', datasetHash: 'd', modelHash: 'm', state: {} });
    expect(useLab.getState().runs).toBe(before);
    reply({ type: 'progress', runId: 'r2', phase: 'map', step: 3, loss: 0.5 });
    reply({
      type: 'error',
      runId: 'r2',
      code: 'resume-refused',
      message: 'its checkpoint was taken with another model than the run has now',
      recoverable: true,
    });
    expect(useLab.getState().runs.r2).toMatchObject({ status: 'interrupted', loss: [{ step: 3, loss: 0.5 }] });
    expect(useLab.getState().runs.r2.error).toMatch(/cannot resume because its checkpoint was taken with another model/);
    await vi.waitFor(() => expect(sent.at(-1)).toMatchObject({ type: 'start', runId: 'r3' }));
    expect(sent.at(-1)).not.toHaveProperty('reloaded');
    cancelRuns();
    reply({ type: 'cancelled', runId: 'r3' });
    expect(currentRunId()).toBeNull();
  });
});
