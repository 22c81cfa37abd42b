// `blora experiment`: the comparison grid behind docs/results.md. Writes the raw per-seed rows
// (with the test split's per-example probabilities) as JSON after every row, and a Markdown report
// with median ± std over seeds, the paired differences against LoRA-XS with their 95 % intervals,
// the posterior diagnostics, the exact command and the machine.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import type { ResultRow } from '../experiment/aggregate';
import { mergeReport, type ReportOptions, resultsReport, type RunPart, type TestSplit } from '../experiment/merge_report';
import { REPORT_STATS } from '../experiment/report_stats';
import { GRID_METHODS, gridMethodConfig, runGrid, type GridConfig, type GridMethod } from '../experiment/grid';
import { scheduleProblem } from '../methods/swag_plan';
import type { DatasetPayload } from '../train/protocol';
import { describeBackend } from '../train/backend_factory';
import { datasetHash } from '../train/run_record';
import { intArg, loadModelDir, recoverableBackendFromArgs, settingArg, UsageError } from './common_args';
import { METHOD_SETTINGS, type SettingKey } from '../methods/settings';
import { DATA_OPTIONS, datasetFromArgs } from './data_args';
import { loadBuiltinNode } from './builtin_node';
import { writeFileAtomic } from './atomic_write';
import { checkFreeSpace, checkOutputs, type OutputTarget } from './output_preflight';

const list = (s: string | undefined, fallback: number[], flag: string) =>
  s
    ? s.split(',').map((x) => {
        const n = Number(x);
        if (x.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag}: not a number in the list: "${x}"`);
        return n;
      })
    : fallback;

const numArg = (s: string | undefined, fallback: number, flag: string, min = 0) => {
  if (s === undefined) return fallback;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${flag} must be a number ≥ ${min}, got "${s}"`);
  return n;
};

/** SST-2 from a GLUE folder (a training subset, val.tsv as validation, the 872-example dev split as test) with AG News as OOD. */
async function sst2(glueDir: string, v: Record<string, string | boolean | undefined>): Promise<DatasetPayload> {
  const ds = await datasetFromArgs(
    {
      ...v,
      dataset: undefined,
      train: join(glueDir, 'SST-2', 'train.tsv'),
      validation: join(glueDir, 'SST-2', 'val.tsv'),
      test: join(glueDir, 'SST-2', 'test.tsv'),
      ood: join(glueDir, 'AGNews', 'test.tsv'),
      'text-col': 'sentence',
      'label-col': 'label',
      'ood-text-col': '0',
    },
    loadBuiltinNode,
  );
  return { ...ds, id: 'sst2', name: 'GLUE SST-2 (OOD: AG News)' };
}

export const EXPERIMENT_OPTIONS = {
  ...DATA_OPTIONS,
  dataset: { type: 'string', multiple: true },
  glue: { type: 'string' },
  model: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  ranks: { type: 'string' },
  Ks: { type: 'string' },
  cs: { type: 'string' },
  seeds: { type: 'string' },
  methods: { type: 'string' },
  epochs: { type: 'string' },
  'swag-start': { type: 'string' },
  'swag-anneal': { type: 'string' },
  'swag-lr': { type: 'string' },
  'collect-every': { type: 'string' },
  'redraw-per-batch': { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  'lr-head': { type: 'string' },
  'weight-decay': { type: 'string' },
  'lora-lr': { type: 'string' },
  'lora-swag-lr': { type: 'string' },
  S: { type: 'string' },
  dropout: { type: 'string' },
  bins: { type: 'string' },
  replicates: { type: 'string' },
  'no-ood': { type: 'boolean' },
  'select-by-val': { type: 'boolean' },
  'id-suffix': { type: 'string' },
  id: { type: 'string' },
  'max-length': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
  merge: { type: 'string', multiple: true },
  reading: { type: 'string' },
} as const;

/** The reference-like schedule (docs/METHOD.md §2, issue 12) at the scale of the embedded model. */
export const EXPERIMENT_DEFAULTS = {
  epochs: 16,
  swagStart: 4,
  swagAnnealEpochs: 5,
  swagLr: 5e-3,
  lrAdapter: 2e-2,
  lrHead: 1e-2,
  weightDecay: 0.01,
  batch: 32,
  S: 15,
  dropout: 0.1,
  collectEverySteps: 0,
  /** 1: each prediction batch draws fresh posterior samples, as the reference does. */
  redrawPerBatch: 0,
};

export async function experimentCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options: EXPERIMENT_OPTIONS });
  // Both outputs checked before any data is read or any cell trained.
  const jsonTarget: OutputTarget | undefined = v.json ? { flag: '--json', path: v.json, kind: 'file' } : undefined;
  const outDirs = checkOutputs([jsonTarget, v.out !== undefined && { flag: '--out', path: v.out, kind: 'file' }]);
  const reportOpts = (): ReportOptions => ({
    ...(v.replicates !== undefined ? { stats: { replicates: numArg(v.replicates, REPORT_STATS.replicates, 'replicates', 10) } } : {}),
    ...(v.reading ? { reading: { template: readFileSync(v.reading, 'utf8'), file: v.reading } } : {}),
  });
  if (v.merge?.length) return mergeReports(v.merge, v.out, reportOpts());
  const methods = (v.methods ? v.methods.split(',') : [...GRID_METHODS]) as GridMethod[];
  for (const m of methods) if (!GRID_METHODS.includes(m)) throw new UsageError(`--methods: "${m}" is not one of ${GRID_METHODS.join(', ')}`);
  const d = EXPERIMENT_DEFAULTS;
  const grid: GridConfig = {
    ranks: list(v.ranks, [2, 8], 'ranks'),
    Ks: list(v.Ks, [0, 2, 10], 'Ks'),
    cs: list(v.cs, [0, 0.5, 2], 'cs'),
    seeds: list(v.seeds, [0, 1, 2, 3, 4, 5], 'seeds'),
    methods,
    maxLength: intArg(v['max-length'], 64, 'max-length', 8, 512),
    bins: list(v.bins, [15, 20], 'bins'),
    selectByVal: v['select-by-val'] === true,
    // The schedule flags are method settings: parsed and range-checked by the settings table.
    base: Object.fromEntries(
      Object.entries(d).map(([key, def]) => [
        key,
        settingArg(key as SettingKey, (v as Record<string, unknown>)[METHOD_SETTINGS[key as SettingKey].cli] as string | undefined, def),
      ]),
    ),
  };
  // LoRA trains A and B (r × (in + out) numbers per matrix): the LoRA-XS learning rate can be far too large for it.
  const loraBase: GridConfig['loraBase'] = {};
  if (v['lora-lr'] !== undefined) loraBase.lrAdapter = settingArg('lrAdapter', v['lora-lr'], 0, 'lora-lr');
  if (v['lora-swag-lr'] !== undefined) loraBase.swagLr = settingArg('swagLr', v['lora-swag-lr'], 0, 'lora-swag-lr');
  grid.loraBase = loraBase;
  for (const K of grid.Ks)
    if (!Number.isInteger(K) || K < 0 || K === 1) throw new UsageError(`--Ks: K = ${K} is not allowed (0 = diagonal only, or a whole number ≥ 2)`);
  for (const b of grid.bins) if (!Number.isInteger(b) || b < 1) throw new UsageError(`--bins: ${b} is not a whole number ≥ 1`);
  const replicates = numArg(v.replicates, REPORT_STATS.replicates, 'replicates', 10);
  const { merge: _merge, dataset: _dataset, reading: _reading, ...rest } = v;
  const dataArgs: Record<string, string | boolean | undefined> = { ...rest, ...(v['no-ood'] ? { 'max-ood': '0' } : {}) };
  const datasets: DatasetPayload[] = [];
  for (const id of v.dataset ?? []) datasets.push(await datasetFromArgs({ ...dataArgs, dataset: id, train: undefined }, loadBuiltinNode));
  if (v.glue) datasets.push(await sst2(v.glue, dataArgs));
  if (v.train) datasets.push(await datasetFromArgs(dataArgs, loadBuiltinNode));
  // Files are named by the training file's name unless the run names them (a test set from another file).
  if (v.id !== undefined) {
    if (!/^[a-z0-9-]{1,32}$/.test(v.id)) throw new UsageError(`--id must be 1–32 of a-z, 0-9 and '-', got "${v.id}"`);
    if (!v.train || datasets.length !== 1) throw new UsageError('--id names the data set of --train FILE (one data set, no --dataset or --glue)');
    datasets[0].id = v.id;
  }
  // Runs of the same data under another design (a training-size ablation) keep apart in a merged report.
  if (v['id-suffix']) {
    if (!/^[a-z0-9-]{1,24}$/.test(v['id-suffix'])) throw new UsageError(`--id-suffix must be 1–24 of a-z, 0-9 and '-', got "${v['id-suffix']}"`);
    for (const ds of datasets) ds.id += v['id-suffix'];
  }
  if (!datasets.length) throw new UsageError('give --dataset ID (repeatable), --glue DIR (the folder holding SST-2/ and AGNews/) and/or --train FILE');
  // Refuse a schedule that cannot give the posterior asked for, with the numbers, before any training.
  for (const ds of datasets) {
    const problem = scheduleProblem(gridMethodConfig('b-lora-xs', grid.ranks[0] ?? 8, 0, grid), ds.train.length, Math.max(0, ...grid.Ks));
    if (problem && methods.some((m) => m === 'b-lora-xs' || m === 'swag-lora')) throw new UsageError(`${ds.id}: ${problem}`);
  }
  // The JSON holds each row's test probabilities: at least one row's per data set must fit.
  if (jsonTarget)
    checkFreeSpace(
      jsonTarget,
      outDirs.get(jsonTarget)!,
      datasets.reduce((n, ds) => n + ds.test.length * ds.labelNames.length * 10, 0),
      'the experiment record',
    );
  const model = await loadModelDir(v.model);
  // A lost GPU device: the cell in progress is trained again on a new device (or the CPU backend).
  const { created, recovery, current } = await recoverableBackendFromArgs(v.backend, v.threads);
  const { info } = created;
  const t0 = Date.now();
  const rows: ResultRow[] = [];
  const tests: Record<string, TestSplit> = {};
  const cmd = `node bin/blora.mjs experiment ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, backend ${describeBackend(info)}`;
  const b = grid.base;
  const settings =
    `Settings: ranks ${grid.ranks.join(', ')}; K ∈ {${grid.Ks.join(', ')}}, c ∈ {${grid.cs.join(', ')}} (one trajectory per family, rank and seed serves every row); seeds ${grid.seeds.join(', ')}; ` +
    `${b.epochs} epochs, SWAG from epoch ${b.swagStart}, anneal over ${b.swagAnnealEpochs} epochs to swag lr ${b.swagLr} (adapters and head), collection ${b.collectEverySteps ? `every ${b.collectEverySteps} steps` : 'once per epoch'}, ` +
    `batch ${b.batch}, lr ${b.lrAdapter} (adapters) / ${b.lrHead} (head)${grid.loraBase?.lrAdapter !== undefined || grid.loraBase?.swagLr !== undefined ? ` (LoRA family: lr ${grid.loraBase.lrAdapter ?? b.lrAdapter}, swag lr ${grid.loraBase.swagLr ?? b.swagLr})` : ''}, weight decay ${b.weightDecay}, S = ${b.S} samples, dropout ${b.dropout}, max length ${grid.maxLength}, ECE bins ${grid.bins.join(' and ')}${grid.selectByVal ? '; SWAG rows also at the collection with the best sampled validation accuracy' : ''}.`;
  const record = (partial: boolean) => ({
    grid,
    command: cmd,
    machine,
    model: model.id,
    settings,
    replicates,
    partial,
    minutes: partial ? undefined : (Date.now() - t0) / 60000,
    tests,
    rows,
  });
  try {
    for (const ds of datasets) {
      tests[ds.id] = {
        labels: ds.test.map((e) => e.label),
        nClasses: ds.labelNames.length,
        hash: await datasetHash(ds),
        sizes: { train: ds.train.length, validation: ds.validation.length, test: ds.test.length, ood: ds.ood.length },
      };
      console.log(`== ${ds.name}: train ${ds.train.length}, validation ${ds.validation.length}, test ${ds.test.length}, ood ${ds.ood.length}`);
      // Saved after every row, marked partial, so a run stopped midway keeps what it measured.
      await runGrid(
        current(),
        model,
        ds,
        grid,
        (line) => console.log(line),
        (row) => {
          rows.push(row);
          if (v.json) writeFileAtomic(v.json, JSON.stringify(record(true)));
        },
        recovery,
      );
    }
  } finally {
    current().destroy();
  }
  const part = record(false) as RunPart;
  if (v.json) writeFileAtomic(v.json, JSON.stringify(part));
  const report = resultsReport(
    [
      `Produced by \`npm run build:cli && ${cmd}\` on ${new Date().toISOString().slice(0, 10)} in ${part.minutes!.toFixed(0)} minutes (${machine}); model \`${model.id}\`.`,
      '',
      settings,
    ],
    [part],
    reportOpts(),
  );
  if (v.out) writeFileAtomic(v.out, report);
  console.log(report);
  return 0;
}

/** Combine the JSON of runs made in parallel (e.g. one process per seed) into one report. */
function mergeReports(files: string[], out: string | undefined, opts: ReportOptions): number {
  const report = mergeReport(
    files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunPart),
    files,
    opts,
  );
  if (out) writeFileAtomic(out, report);
  console.log(report);
  return 0;
}
