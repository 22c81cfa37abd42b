// `blora export`: a trained run's files, on the same code as the page's export panel. Input: the
// run record `blora train --out` writes (version ≥ 2 holds the adapters) or an adapter file
// (the page's "Adapters (safetensors)"); output: the PEFT folder, our adapter file, or the merged
// model folder (model.onnx, config.json, tokenizer files), plus the run's settings as a PEFT
// LoraConfig and, from a run record, the reference implementation's command line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import { adapterFileMetadata, adaptersSafetensors, metadataLabelNames, peftBaseModel, peftLoraZip } from '../export/adapter_files';
import { runClassNames } from '../export/run_classes';
import { type DatasetIdentity, readDatasetIdentity } from '../data/dataset_identity';
import { checkAdaptersFitBase } from '../export/adapter_check';
import { loraConfig } from '../export/lora_config';
import { mergedModelFolder } from '../export/onnx/model_folder';
import { TOKENIZER_FILES } from '../export/onnx/tokenizer_files';
import type { TensorEntry } from '../export/peft_lora';
import { referenceCommand, referenceScript } from '../export/reference_command';
import { posteriorFiles, posteriorRefusal } from '../export/posterior/posterior_file';
import { METHOD_KINDS, type MethodConfig, type MethodKind } from '../methods/config';
import { methodDefaults } from '../methods/settings';
import type { ModelBundle } from '../methods/common/types';
import { loadModel } from '../model/loader';
import { nodeDirSource } from '../model/node_dir_source';
import { parseSafetensors } from '../model/safetensors';
import type { RunResult } from '../train/protocol';
import { parseRunRecord, recordAdapterBytes, weightsHash, type RunRecord } from '../train/run_record';
import { DEFAULT_MODEL_DIR, randomizedWeights, UsageError } from './common_args';
import { writeFileAtomic } from './atomic_write';
import { checkFreeSpace, checkOutputPath, type OutputTarget } from './output_preflight';

export const EXPORT_OPTIONS = {
  run: { type: 'string' },
  adapter: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  labels: { type: 'string' },
} as const;

export const EXPORT_FORMATS = ['peft', 'safetensors', 'onnx', 'posterior'] as const;

interface ExportInput {
  runId: string;
  method: MethodConfig;
  adapters: TensorEntry[];
  /** The data the run trained on, with its class names: from the record, or the adapter file's metadata. */
  dataset?: DatasetIdentity;
  record?: RunRecord;
  /** The family the adapter file's metadata names (adaptersSafetensors writes it for non-BERT runs). */
  family?: string;
}

function readInput(path: string, flag: string): Uint8Array {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--${flag} ${path}: no such file`);
  return new Uint8Array(readFileSync(path));
}

const entries = (bytes: Uint8Array, file: string): TensorEntry[] => [...parseSafetensors(bytes, file)].map(([name, t]) => ({ name, ...t }));

async function fromRecord(path: string): Promise<ExportInput> {
  const rec = parseRunRecord(new TextDecoder().decode(readInput(path, 'run')), path);
  const bytes = await recordAdapterBytes(rec, path);
  // The run id is kept in the adapter file's metadata (the record names runs by their settings).
  const runId = adapterFileMetadata(bytes).run_id ?? 'run';
  // Class names come from the record alone; an older record without them exports label indexes (exportCommand says so).
  return { runId, method: rec.method, adapters: entries(bytes, `${path} (adapters)`), dataset: readDatasetIdentity(rec.dataset), record: rec };
}

function fromAdapterFile(path: string): ExportInput {
  const bytes = readInput(path, 'adapter');
  const adapters = entries(bytes, path);
  const meta = adapterFileMetadata(bytes);
  const kind = meta.method as MethodKind;
  const r = Number(meta.r),
    alpha = Number(meta.alpha);
  if (!METHOD_KINDS.includes(kind) || !(r > 0) || !(alpha > 0)) {
    throw new UsageError(
      `--adapter ${path}: its metadata names method ${JSON.stringify(meta.method)}, r ${JSON.stringify(meta.r)}, alpha ${JSON.stringify(meta.alpha)}; an adapter file from the page or \`blora export --format safetensors\` carries all three`,
    );
  }
  const M = new Set(adapters.flatMap((t) => /^member(\d+)\./.exec(t.name)?.[1] ?? [])).size || 1;
  const labelNames = metadataLabelNames(meta);
  const dataset = labelNames && {
    id: meta.dataset_id ?? '',
    name: meta.dataset ?? '',
    labelNames,
    ...(meta.dataset_sha256 ? { sha256: meta.dataset_sha256 } : {}),
  };
  return { runId: meta.run_id ?? 'adapter', method: { ...methodDefaults(kind), r, alpha, M }, adapters, family: meta.family, dataset };
}

/** The model the run was trained on: --model, else the record's model folder when it is still there, else the embedded model. */
async function baseModel(v: { model?: string }, input: ExportInput): Promise<{ model: ModelBundle; dir: string }> {
  const recorded = input.record?.model.id.replace(/ \(random weights, seed \d+\)$/, '');
  const dir = resolve(v.model ?? (recorded && existsSync(join(recorded, 'config.json')) ? recorded : DEFAULT_MODEL_DIR));
  const m = await loadModel(nodeDirSource(dir), { includeOnnx: false });
  let model: ModelBundle = { id: m.id, family: m.family, config: m.config, tokenizer: m.tokenizer, weights: m.weights };
  const rec = input.record;
  // `train --random-weights` trained on seeded fresh weights: rebuild them the same way.
  if (rec?.options.randomWeights) model = randomizedWeights(model, rec.method.seed + 7);
  if (rec) {
    const sha = await weightsHash(model.weights);
    if (sha !== rec.model.weightsSha256) {
      throw new UsageError(
        `the run was trained on ${rec.model.id} (weights SHA-256 ${rec.model.weightsSha256.slice(0, 12)}…), but ${dir} has weights ${sha.slice(0, 12)}…; pass --model with the model it was trained on`,
      );
    }
  }
  return { model, dir };
}

function baseFiles(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(TOKENIZER_FILES.filter((n) => existsSync(join(dir, n))).map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))]));
}

export async function exportCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({ args: argv, allowPositionals: false, options: EXPORT_OPTIONS });
  if (Boolean(v.run) === Boolean(v.adapter)) throw new UsageError('give one of --run RUN.json (from `blora train --out`) or --adapter FILE');
  const format = v.format as (typeof EXPORT_FORMATS)[number];
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}; got ${JSON.stringify(v.format)}`);
  if (!v.out) throw new UsageError('--out DIR is required');
  const outTarget: OutputTarget = { flag: '--out', path: v.out, kind: 'folder' };
  const outBase = checkOutputPath(outTarget);
  const input = v.run ? await fromRecord(v.run) : fromAdapterFile(v.adapter!);
  // An adapter file does not keep K, c, S or the seed: the run's samples need its record.
  if (format === 'posterior' && !input.record)
    throw new UsageError("--format posterior needs --run RUN.json: an adapter file does not keep the run's K, c, S and seed");
  const refusal = format === 'posterior' ? posteriorRefusal(input.method.kind) : undefined;
  if (refusal) throw new UsageError(`--format posterior: ${refusal}`);
  // --labels names the classes explicitly (over the record's); they must match the head's rows.
  if (v.labels) input.dataset = { id: input.dataset?.id ?? '', name: input.dataset?.name ?? '', labelNames: v.labels.split(',').map((s) => s.trim()) };
  const { model, dir } = await baseModel(v, input);
  checkAdaptersFitBase(model.weights, input.adapters, input.method.r, dir, model.family);
  if (input.family && input.family !== (model.family ?? 'bert'))
    throw new UsageError(
      `the adapters were trained on a ${input.family} model, but ${dir} is ${model.family ?? 'bert'}; pass --model with the model they were trained on`,
    );

  const head = input.adapters.find((t) => t.name === 'classifier.weight' || t.name.endsWith('.classifier.weight'));
  const classes = runClassNames(input, head?.shape[0]);
  if (v.labels && !classes.known) {
    const given = input.dataset?.labelNames ?? [];
    throw new UsageError(
      given.length !== head?.shape[0]
        ? `--labels ${v.labels}: names ${given.length} classes, but the run's head has ${head?.shape[0]}`
        : `--labels ${v.labels}: ${classes.why}`,
    );
  }
  const result = {
    runId: input.runId,
    method: input.method,
    adapters: input.adapters,
    dataset: input.dataset,
    nClasses: head?.shape[0],
  } as unknown as RunResult;
  const files: Record<string, Uint8Array | string> = {};
  let description = '';
  if (format === 'peft') Object.assign(files, unzipSync(peftLoraZip(result, model.id, model.family)));
  else if (format === 'safetensors') files['adapters.safetensors'] = adaptersSafetensors(result);
  else if (format === 'posterior') Object.assign(files, posteriorFiles({ ...input, family: model.family }, model.id));
  else {
    const folder = mergedModelFolder(model, input, classes.known ? classes.names : undefined, baseFiles(dir));
    Object.assign(files, folder.files);
    description = folder.description;
  }
  // The posterior folder stands alone: its file, script and README (the adapter formats add the LoRA config).
  const lc = format === 'posterior' ? undefined : loraConfig(input.method, input.adapters, peftBaseModel(model.id), model.family);
  if (lc) {
    files['lora_config.json'] = `${JSON.stringify(lc.json, null, 2)}\n`;
    files['lora_config.py'] = lc.python;
  }
  if (input.record && lc) files['reference_command.sh'] = referenceScript(`blora ${input.method.kind} run`, referenceCommand(input.method));

  const bytes = Object.values(files).reduce((n, f) => n + (typeof f === 'string' ? Buffer.byteLength(f) : f.length), 0);
  checkFreeSpace(outTarget, outBase, bytes, `the ${format} export`);
  for (const [name, data] of Object.entries(files)) writeFileAtomic(join(v.out, name), data);
  const notes = [
    ...(input.record ? [] : ['no reference_command.sh: an adapter file does not hold the training settings (export from the run record for it)']),
    ...(classes.known
      ? []
      : [
          `${v.run ?? v.adapter} names no usable class names (${input.record ? 'dataset.labelNames' : 'label_names metadata'}): the exports name the classes by label index (LABEL_0, LABEL_1, …); pass --labels a,b to name them`,
        ]),
  ];
  const note = notes.length ? notes.join('; ') : undefined;
  if (!classes.known) console.error(`blora export: ${notes.at(-1)}`);
  console.log(
    JSON.stringify(
      {
        format,
        out: v.out,
        files: Object.keys(files).sort(),
        ...(description ? { model: description } : {}),
        classes: classes.known ? classes.names : null,
        ...(note ? { note } : {}),
      },
      null,
      2,
    ),
  );
  return 0;
}
