// `blora experiment`: the comparison grid behind docs/results.md. Writes the raw per-seed rows as
// JSON and a Markdown report with median ± std over seeds, the exact command, and the machine.
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import type { ResultRow } from '../experiment/aggregate';
import { mergeReport, resultsReport, type RunPart } from '../experiment/merge_report';
import { GRID_METHODS, runGrid, type GridConfig, type GridMethod } from '../experiment/grid';
import type { DatasetPayload } from '../train/protocol';
import { describeBackend } from '../train/backend_factory';
import { backendFromArgs, loadModelDir, UsageError } from './common_args';
import { datasetFromArgs } from './data_args';
import { loadBuiltinNode } from './builtin_node';

const list = (s: string | undefined, fallback: number[]) => (s ? s.split(',').map((x) => {
  const n = Number(x);
  if (!Number.isFinite(n)) throw new UsageError(`not a number in a list: "${x}"`);
  return n;
}) : fallback);

/** SST-2 from a GLUE folder (train subset, val as validation, the dev split as test) with AG News as OOD. */
async function sst2(glueDir: string, maxTrain: number | undefined, maxEval: number | undefined): Promise<DatasetPayload> {
  const ds = await datasetFromArgs({
    train: join(glueDir, 'SST-2', 'train.tsv'), validation: join(glueDir, 'SST-2', 'val.tsv'), test: join(glueDir, 'SST-2', 'test.tsv'),
    ood: join(glueDir, 'AGNews', 'test.tsv'), 'text-col': 'sentence', 'label-col': 'label', 'ood-text-col': '0',
    'max-train': maxTrain?.toString(), 'max-eval': maxEval?.toString(),
  }, loadBuiltinNode);
  return { ...ds, id: 'sst2', name: 'GLUE SST-2 (OOD: AG News)' };
}

export const EXPERIMENT_OPTIONS = {
  dataset: { type: 'string', multiple: true }, glue: { type: 'string' }, model: { type: 'string' }, backend: { type: 'string' }, threads: { type: 'string' },
  ranks: { type: 'string' }, Ks: { type: 'string' }, seeds: { type: 'string' }, methods: { type: 'string' },
  epochs: { type: 'string' }, 'swag-start': { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, 'lr-head': { type: 'string' },
  S: { type: 'string' }, c: { type: 'string' }, dropout: { type: 'string' }, collections: { type: 'string' },
  'max-train': { type: 'string' }, 'max-eval': { type: 'string' }, 'max-length': { type: 'string' },
  out: { type: 'string' }, json: { type: 'string' }, merge: { type: 'string', multiple: true },
} as const;

export async function experimentCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: EXPERIMENT_OPTIONS,
  });
  const methods = (v.methods ? v.methods.split(',') : [...GRID_METHODS]) as GridMethod[];
  for (const m of methods) if (!GRID_METHODS.includes(m)) throw new UsageError(`--methods: "${m}" is not one of ${GRID_METHODS.join(', ')}`);
  const Ks = list(v.Ks, [0, 2, 10]);
  const grid: GridConfig = {
    ranks: list(v.ranks, [2, 8]), Ks, seeds: list(v.seeds, [0, 1, 2]), methods,
    maxLength: Number(v['max-length'] ?? 64),
    collections: Number(v.collections ?? Math.max(...Ks, 1) + 2),
    base: {
      epochs: Number(v.epochs ?? 4), swagStart: Number(v['swag-start'] ?? 2), swagAnnealEpochs: 1, batch: Number(v.batch ?? 32),
      lrAdapter: Number(v.lr ?? 5e-3), lrHead: Number(v['lr-head'] ?? 5e-3), swagLr: Number(v.lr ?? 5e-3),
      S: Number(v.S ?? 15), c: Number(v.c ?? 0.5), dropout: Number(v.dropout ?? 0.1),
    },
  };
  const maxTrain = v['max-train'] ? Number(v['max-train']) : undefined;
  const maxEval = v['max-eval'] ? Number(v['max-eval']) : undefined;
  if (v.merge?.length) return mergeReports(v.merge, v.out);
  const datasets: DatasetPayload[] = [];
  for (const id of v.dataset ?? []) datasets.push(await datasetFromArgs({ dataset: id, 'max-train': v['max-train'], 'max-eval': v['max-eval'] }, loadBuiltinNode));
  if (v.glue) datasets.push(await sst2(v.glue, maxTrain, maxEval));
  if (!datasets.length) throw new UsageError('give --dataset ID (repeatable) and/or --glue DIR (the folder holding SST-2/ and AGNews/)');
  const model = await loadModelDir(v.model);
  const { backend, info } = await backendFromArgs(v.backend, v.threads);
  const t0 = Date.now();
  const rows: ResultRow[] = [];
  try {
    for (const ds of datasets) {
      console.log(`== ${ds.name}: train ${ds.train.length}, validation ${ds.validation.length}, test ${ds.test.length}, ood ${ds.ood.length}`);
      const done = rows.length;
      const partial: ResultRow[] = [];
      // Saved after every row, marked partial, so a run stopped midway keeps what it measured.
      await runGrid(backend, model, ds, grid, (line) => console.log(line), (row) => {
        partial.push(row);
        if (v.json) write(v.json, JSON.stringify({ grid, partial: true, rows: [...rows.slice(0, done), ...partial] }, null, 1));
      });
      rows.push(...partial);
      if (v.json) write(v.json, JSON.stringify({ grid, rows }, null, 1));
    }
  } finally {
    backend.destroy();
  }
  const minutes = (Date.now() - t0) / 60000;
  const cmd = `node bin/blora.mjs experiment ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, backend ${describeBackend(info)}`;
  const settings = `Settings: ranks ${grid.ranks.join(', ')}; K ∈ {${grid.Ks.join(', ')}} (one SWAG trajectory per method, rank and seed serves every K); seeds ${grid.seeds.join(', ')}; ` +
    `${grid.base.epochs} epochs, SWAG from epoch ${grid.base.swagStart}, ${grid.collections} collections, batch ${grid.base.batch}, adapter and head lr ${grid.base.lrAdapter} / ${grid.base.lrHead}, ` +
    `S = ${grid.base.S} samples, c = ${grid.base.c}, dropout ${grid.base.dropout}, max length ${grid.maxLength}` +
    `${maxTrain ? `, at most ${maxTrain} training examples` : ''}${maxEval ? ` and ${maxEval} per evaluation split` : ''}.`;
  if (v.json) write(v.json, JSON.stringify({ grid, command: cmd, machine, minutes, settings, rows }, null, 1));
  const report = resultsReport([
    `Produced by \`npm run build:cli && ${cmd}\` on ${new Date().toISOString().slice(0, 10)} in ${minutes.toFixed(0)} minutes (${machine}); model \`${model.id}\`.`,
    '',
    settings,
  ], rows);
  if (v.out) write(v.out, report);
  console.log(report);
  return 0;
}

/** Combine the JSON of runs made in parallel (e.g. one process per seed) into one report. */
function mergeReports(files: string[], out: string | undefined): number {
  const report = mergeReport(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunPart), files);
  if (out) write(out, report);
  console.log(report);
  return 0;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
