// `blora embed`: run the encoder on one text (or pair) and print the pooled output as JSON, and the
// logits of the checkpoint's own classification head with its label names when it has one
// (BertForSequenceClassification and the families' equivalents, id2label from config.json);
// without one it says so and prints no logits. --compare-onnx also runs the model's model.onnx in
// onnxruntime-web and reports the largest difference.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { buildBertClassifier } from '../engine/bert/build';
import { releaseBatch, uploadBatch } from '../engine/bert/batch';
import type { Backend } from '../engine/backend';
import { loadModel, type LoadedModel } from '../model/loader';
import { familyById } from '../model/families';
import { nodeDirSource } from '../model/node_dir_source';
import { TrunkRunner } from '../onnx/trunk_runner';
import { loraXsDefaults } from '../engine/adapters/config';
import { describeBackend } from '../train/backend_factory';
import { backendFromArgs, DEFAULT_MODEL_DIR, intArg, UsageError } from './common_args';

export const EMBED_OPTIONS = {
  model: { type: 'string' },
  text: { type: 'string' },
  'text-pair': { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  seed: { type: 'string' },
  'max-length': { type: 'string' },
  'compare-onnx': { type: 'boolean' },
} as const;

export interface EmbedInput {
  seqLen: number;
  ids: Int32Array;
  typeIds: Int32Array;
  mask: Float32Array;
}

/**
 * The pooled output of one input and, when the checkpoint has a classification head, its logits.
 * A checkpoint without a pooler (or, in DistilBERT and RoBERTa, without a head: their dense layer
 * belongs to the head) gets a new one seeded by `seed`.
 */
export async function embedForward(backend: Backend, m: LoadedModel, input: EmbedInput, seed = 0): Promise<{ pooled: number[]; logits?: number[] }> {
  const head = m.checkpointHead;
  const weights = head ? new Map([...m.weights, ...head.weights]) : m.weights;
  // The base model itself: no adapter sites (adapterInit: []), so the config only names a method.
  const model = buildBertClassifier(backend, m.config, weights, loraXsDefaults(1), { seed, numLabels: head?.numLabels ?? 1, adapterInit: [] });
  const batch = uploadBatch(backend, { batch: 1, ...input });
  try {
    const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
    const pooled = Array.from((await backend.read(cache.pooled)) as Float32Array);
    const logitsHost = Array.from((await backend.read(logits)) as Float32Array);
    model.releaseCache(cache);
    backend.release(logits);
    return { pooled, logits: head ? logitsHost : undefined };
  } finally {
    releaseBatch(backend, batch);
  }
}

/** What the output says about the head: the labels and tensors used, or why there are no logits. */
function headReport(m: LoadedModel): { head: { labels: string[]; tensors: string[] } | null; note?: string } {
  if (m.checkpointHead) return { head: { labels: m.checkpointHead.labels, tensors: m.checkpointHead.tensors } };
  const family = familyById(m.family);
  const why = m.checkpointHeadProblem
    ? `the checkpoint's classification head was not loaded: ${m.checkpointHeadProblem}`
    : `no classification head was loaded: the checkpoint has no ${family.classifierWeight}`;
  return { head: null, note: `${why}; no logits, the pooled output only${m.hasPooler ? '' : ' (from a new pooler: the checkpoint has none)'}` };
}

export async function embedCommand(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: EMBED_OPTIONS,
  });
  if (v.text === undefined) throw new UsageError('--text is required');
  const dir = resolve(v.model ?? DEFAULT_MODEL_DIR);
  const m = await loadModel(nodeDirSource(dir), { includeOnnx: Boolean(v['compare-onnx']) });
  const enc = m.tokenizer.encodeBatch([[v.text, v['text-pair'] ?? null]], {
    maxLength: intArg(v['max-length'], m.config.maxPositionEmbeddings, 'max-length', 2, m.config.maxPositionEmbeddings),
  });
  const { backend, info } = await backendFromArgs(v.backend, v.threads);
  try {
    const { pooled, logits } = await embedForward(
      backend,
      m,
      { seqLen: enc.seqLen, ids: enc.inputIds, typeIds: enc.tokenTypeIds, mask: Float32Array.from(enc.attentionMask) },
      intArg(v.seed, 0, 'seed'),
    );
    const { head, note } = headReport(m);
    if (note) console.error(`blora embed: ${note}`);
    const out: Record<string, unknown> = { model: m.id, backend: describeBackend(info), tokens: enc.tokens[0], pooled_output: pooled, head };
    if (logits && head) {
      out.logits = logits;
      out.logits_by_label = Object.fromEntries(head.labels.map((l, i) => [l, logits[i]]));
    }
    if (note) out.note = note;
    if (v['compare-onnx']) {
      if (!m.onnxBytes) throw new UsageError(`${dir} has no model.onnx to compare with`);
      const runner = await TrunkRunner.create(m.onnxBytes, { ep: 'wasm', cacheBytes: 0 });
      const ort = await runner.runToHost(enc, ['pooler_output']);
      let maxAbs = 0;
      ort.pooler_output.forEach((x, i) => {
        maxAbs = Math.max(maxAbs, Math.abs(x - pooled[i]));
      });
      out.onnx = { pooler_output_max_abs_diff: maxAbs };
    }
    console.log(JSON.stringify(out));
  } finally {
    backend.destroy();
  }
  return 0;
}
