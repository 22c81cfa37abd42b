// Issue 22: a run trained on one data set and exported after another was loaded names its classes
// after its own data, in every export: predictions CSV, metrics CSV/JSON, the adapter file's
// metadata, the PEFT zip's labels.json, the merged model folder's config.json (and README), and
// its label (chart titles, file names). A tiny LoRA-XS run on the tiny fixture BERT (2 steps), as
// the worker hands it to the page; the page's own glue (lab store, stored record, exportableResult)
// picks what the real export producers get.
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetIdentity } from '../../data/dataset_identity';
import type { Dataset } from '../../data/types';
import { CpuBackend } from '../../engine/cpu/backend';
import { adapterFileMetadata, adaptersSafetensors, peftLoraZip } from '../../export/adapter_files';
import { metricsToCsv, metricsToJson } from '../../export/metrics_export';
import { mergedModelFolder } from '../../export/onnx/model_folder';
import { runPredictionsCsv } from '../../export/predictions_csv';
import { runClassNames } from '../../export/run_classes';
import type { ModelBundle } from '../../methods/common/types';
import { loadModel } from '../../model/loader';
import { nodeDirSource } from '../../model/node_dir_source';
import { methodDefaults } from '../../methods/settings';
import type { DatasetPayload, RunResult } from '../../train/protocol';
import { runMethod, tokenizeDataset, withDataset } from '../../train/run_method';
import { useDataset } from '../dataset/dataset_store';
import { type LiveRun, useLab } from '../runtime/lab_store';
import { readPersisted, toPersisted } from '../runtime/persisted_run';
import { datasetColumns, exportableResult } from '../runtime/run_dataset';
import { runFileStem, runLabels } from '../runtime/run_label';

const TINY = join(__dirname, '..', '..', 'model', '__fixtures__', 'tiny-bert');
const rows = (n: number, words: [string, string]) => Array.from({ length: n }, (_, i) => ({ text: `it was ${words[i % 2]} film ${i}`, label: i % 2 }));
const FOOD: DatasetPayload = {
  id: 'fine-foods',
  name: 'Fine foods',
  labelNames: ['other', 'great'],
  train: rows(16, ['ok', 'great']),
  validation: [],
  test: rows(6, ['ok', 'great']),
  ood: [],
};
const SST: DatasetPayload = {
  id: 'sst2',
  name: 'SST-2',
  labelNames: ['neg', 'pos'],
  train: rows(16, ['bad', 'good']),
  validation: [],
  test: rows(6, ['bad', 'good']),
  ood: [],
};
const method = { ...methodDefaults('lora-xs'), id: 'm1', r: 2, epochs: 1, batch: 8, targets: ['query' as const, 'value' as const] };

let model: ModelBundle;
let foodRun: LiveRun;

const csvHeader = (csv: string) => csv.split('\n')[0].split(',');
const configLabels = (files: Record<string, Uint8Array>) => Object.values(JSON.parse(strFromU8(files['config.json'])).id2label);
/** Every export of a run as the page makes it, the class names each one writes. */
function exportedClasses(r: RunResult) {
  const meta = adapterFileMetadata(adaptersSafetensors(r));
  const peft = unzipSync(peftLoraZip(r, model.id));
  // What the worker gets from exportRunOnnx (trainer_controller.ts): the run's tensors and its data set.
  const folder = mergedModelFolder(model, { runId: r.runId, method: r.method, adapters: r.adapters, dataset: r.dataset });
  return {
    predictions: csvHeader(runPredictionsCsv(r)).filter((h) => h.startsWith('p_')),
    predictedValues: new Set(
      runPredictionsCsv(r)
        .trim()
        .split('\n')
        .slice(1)
        .flatMap((line) => line.split(',').slice(1, 3)),
    ),
    safetensors: meta.label_names === undefined ? undefined : JSON.parse(meta.label_names),
    peft: Object.values(JSON.parse(strFromU8(peft['labels.json'])).id2label),
    config: configLabels(folder.files),
    readme: strFromU8(folder.files['README.md']),
  };
}

beforeAll(async () => {
  const m = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
  model = { id: m.id, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
  const quiet = { progress: () => {}, checkpoint: async () => {} };
  const raw = await runMethod(
    new CpuBackend(),
    model,
    tokenizeDataset(model, FOOD, 16),
    'food-run',
    method,
    { maxLength: 16, evalEverySteps: 0, maxSteps: 2 },
    quiet,
  );
  // The page: the run is queued on FOOD, the worker's result arrives, then the user loads SST-2 and queues a run on it.
  const lab = useLab.getState();
  lab.clearRuns();
  lab.queueRun('food-run', method, { dataset: FOOD.name, data: datasetIdentity(FOOD), modelId: model.id });
  lab.handle({ type: 'done', result: await withDataset(raw, FOOD) });
  useDataset.getState().loaded({ id: SST.id, name: SST.name, labelNames: SST.labelNames, splits: { train: SST.train, test: SST.test } } as Dataset);
  lab.queueRun('sst-run', method, { dataset: SST.name, data: datasetIdentity(SST), modelId: model.id });
  foodRun = useLab.getState().runs['food-run'];
}, 120_000);

describe("a run's exports name its own classes after another data set is loaded", () => {
  it('predictions CSV, adapter metadata, PEFT labels.json, config.json and README all say other/great, never neg/pos', () => {
    expect(useDataset.getState().dataset?.labelNames).toEqual(['neg', 'pos']);
    const r = exportableResult(foodRun)!;
    expect(r.dataset).toMatchObject({ id: 'fine-foods', name: 'Fine foods', labelNames: ['other', 'great'] });
    expect(r.dataset?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const got = exportedClasses(r);
    expect(got.predictions).toEqual(['p_other', 'p_great']);
    expect([...got.predictedValues].every((v) => v === 'other' || v === 'great')).toBe(true);
    expect(got.safetensors).toEqual(['other', 'great']);
    expect(got.peft).toEqual(['other', 'great']);
    expect(got.config).toEqual(['other', 'great']);
    expect(got.readme).toContain('0 = other, 1 = great');
    expect(got.readme).toContain('Trained on: Fine foods (fine-foods, content SHA-256');
  });

  it("metrics CSV and JSON carry the run's data set and classes; its label (titles, file names) names its data set", () => {
    const runs = useLab.getState().order.map((id) => useLab.getState().runs[id]);
    const labels = runLabels(runs);
    const row = { runId: foodRun.runId, method: labels.get(foodRun.runId), metrics: { acc: 0.5 }, ...datasetColumns(foodRun) };
    expect(metricsToCsv([row]).split('\n')[1]).toContain('Fine foods,fine-foods,"[""other"",""great""]"');
    expect(JSON.parse(metricsToJson([row])).runs[0]).toMatchObject({ dataset: { id: 'fine-foods', name: 'Fine foods' }, classes: ['other', 'great'] });
    expect(labels.get('food-run')).toContain('Fine foods');
    expect(labels.get('sst-run')).toContain('SST-2');
    expect(runFileStem(labels.get('food-run'))).not.toBe(runFileStem(labels.get('sst-run')));
  });

  it('after a reload the stored record gives the same class names', () => {
    const back = readPersisted(structuredClone(toPersisted(foodRun)));
    const got = exportedClasses(exportableResult(back)!);
    expect(got.predictions).toEqual(['p_other', 'p_great']);
    expect(got.config).toEqual(['other', 'great']);
  });

  it('a run stored before runs kept their classes exports label indexes and says they are unknown, never the loaded data set', () => {
    const old = structuredClone(toPersisted(foodRun)) as unknown as Record<string, unknown>;
    delete old.data;
    delete (old.result as Record<string, unknown>).dataset;
    const back = readPersisted(old);
    expect(back.status).toBe('done');
    const r = exportableResult(back)!;
    const classes = runClassNames(r);
    expect(classes.known).toBe(false);
    expect(classes.why).toMatch(/unknown/);
    const got = exportedClasses(r);
    expect(got.predictions).toEqual(['p_LABEL_0', 'p_LABEL_1']);
    expect(got.config).toEqual(['LABEL_0', 'LABEL_1']);
    expect(got.peft).toEqual(['LABEL_0', 'LABEL_1']);
    expect(got.safetensors).toBeUndefined();
    expect(got.readme).not.toContain('Trained on');
    expect(datasetColumns(back).classes).toBeUndefined();
  });

  it('a stored data set that cannot be read counts as unknown, not as another data set', () => {
    const bad = structuredClone(toPersisted(foodRun)) as unknown as Record<string, unknown>;
    bad.data = { id: 3, labelNames: 'neg,pos' };
    (bad.result as Record<string, unknown>).dataset = { id: 'x', name: 'x', labelNames: [1, 2] };
    const back = readPersisted(bad);
    expect(back.data).toBeUndefined();
    expect(runClassNames(exportableResult(back)!).known).toBe(false);
  });
});
