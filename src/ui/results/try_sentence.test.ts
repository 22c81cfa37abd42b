// Try a sentence's page logic: the runs asked, the test place sent only for the verbatim example of the run's own data, the strip.
import { describe, expect, it } from 'vitest';
import type { LiveRun } from '../runtime/lab_store';
import type { DatasetPayload, RunResult } from '../../train/protocol';
import { pickExample, requestRuns, sentenceRuns, storedProbs, stripValues } from './try_sentence';

const test = Array.from({ length: 70 }, (_, i) => ({ text: `t${i}`, label: i % 2 }));
const payload: DatasetPayload = { id: 'd', name: 'd', labelNames: ['neg', 'pos'], train: [], validation: [], test, ood: [] };
const probs = Float32Array.from(test.flatMap((_, i) => [i / 100, 1 - i / 100]));
const result = { runId: 'a', method: { kind: 'lora-xs' }, nClasses: 2, adapters: [], test: { probs, labels: new Int32Array(70) } } as unknown as RunResult;
const run = (over: Partial<LiveRun>): LiveRun =>
  ({ runId: 'a', status: 'done', result, modelId: 'm', inputs: { datasetHash: 'h', options: { maxLength: 32 } }, ...over }) as LiveRun;

describe('try a sentence (page logic)', () => {
  it('asks the finished runs of the loaded model only', () => {
    const runs = [run({}), run({ runId: 'b', modelId: 'other' }), run({ runId: 'c', status: 'running' })];
    expect(sentenceRuns(runs, 'm').map((r) => r.runId)).toEqual(['a']);
    expect(sentenceRuns(runs, undefined)).toEqual([]);
  });

  it("sends the test example's place and its evaluation batch only for the verbatim text of the run's own data", () => {
    const picked = pickExample('h', payload, 66);
    expect(picked.batch.map((r) => r.text)).toEqual(['t64', 't65', 't66', 't67', 't68', 't69']);
    expect(picked.labelName).toBe('neg');
    const [own] = requestRuns([run({})], picked, 't66', undefined);
    expect(own.example?.index).toBe(66);
    expect(own.maxLength).toBe(32);
    expect(requestRuns([run({})], picked, 't66 edited', undefined)[0].example).toBeUndefined();
    expect(requestRuns([run({ inputs: { datasetHash: 'other' } as LiveRun['inputs'] })], picked, 't66', undefined)[0].example).toBeUndefined();
    expect(storedProbs(run({}), picked)).toEqual([Math.fround(0.66), Math.fround(0.34)]);
  });

  it('draws class 1 for two classes and the predicted class otherwise', () => {
    expect(stripValues(Float32Array.of(0.2, 0.8, 0.6, 0.4), 2, Float32Array.of(0.4, 0.6))).toEqual({ cls: 1, values: [Math.fround(0.8), Math.fround(0.4)] });
    expect(stripValues(Float32Array.of(0.1, 0.2, 0.7), 1, Float32Array.of(0.1, 0.2, 0.7))).toEqual({ cls: 2, values: [Math.fround(0.7)] });
  });
});
