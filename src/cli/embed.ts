// `blora embed`: run the encoder on one text (or pair) and print the pooled output and the logits
// of a freshly initialised (seeded) classification head as JSON; --compare-onnx also runs the
// model's model.onnx in onnxruntime-web and reports the largest difference.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { buildBertClassifier } from '../engine/bert/build';
import { releaseBatch, uploadBatch } from '../engine/bert/batch';
import { loadModel } from '../model/loader';
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
  'num-labels': { type: 'string' },
  seed: { type: 'string' },
  'max-length': { type: 'string' },
  'compare-onnx': { type: 'boolean' },
} as const;

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
    const numLabels = intArg(v['num-labels'], 2, 'num-labels', 1, 1000);
    // The base model itself: no adapter sites (adapterInit: []), so the config only names a method.
    const model = buildBertClassifier(backend, m.config, m.weights, loraXsDefaults(1), { seed: Number(v.seed ?? 0), numLabels, adapterInit: [] });
    const batch = uploadBatch(backend, {
      batch: 1,
      seqLen: enc.seqLen,
      ids: enc.inputIds,
      typeIds: enc.tokenTypeIds,
      mask: Float32Array.from(enc.attentionMask),
    });
    const { logits, cache } = model.forward(batch, { dropout: false, cache: true });
    const pooled = Array.from((await backend.read(cache.pooled)) as Float32Array);
    const logitsHost = Array.from((await backend.read(logits)) as Float32Array);
    model.releaseCache(cache);
    backend.release(logits);
    releaseBatch(backend, batch);
    const out: Record<string, unknown> = { model: m.id, backend: describeBackend(info), tokens: enc.tokens[0], pooled_output: pooled, logits: logitsHost };
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
