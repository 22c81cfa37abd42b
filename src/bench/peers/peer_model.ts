// The model the onnxruntime peers run: our merged export (src/export/onnx/export_run.ts) of the base
// weights with LoRA-XS adapters and a head initialised exactly as the engine's benchmarks build them
// (benchAdapters, initAdapters, initHead, one seed), so both sides run the same adapted model.
// No Node or backend imports: the browser bench page uses it too.
import type { BertConfig } from '../../model/config';
import type { TensorMap } from '../../model/safetensors';
import { initAdapters } from '../../engine/adapters/init';
import { initHead } from '../../engine/bert/weights';
import { exportMergedOnnx } from '../../export/onnx/export_run';
import type { TensorEntry } from '../../export/peft_lora';
import type { BatchInput } from '../../engine/bert/batch';
import { benchAdapters } from '../bench_model';

/** The merged BertForSequenceClassification ONNX of base weights + LoRA-XS (rank r) + a new head. */
export function peerModelOnnx(cfg: BertConfig, base: TensorMap, r: number, seed = 0, numLabels = 2): Uint8Array {
  const ac = benchAdapters(r);
  const w: TensorMap = new Map(base);
  initHead(w, cfg, numLabels, seed);
  const tensors: TensorEntry[] = [];
  for (const a of initAdapters(cfg, w, ac, seed)) {
    const p = a.site.path,
      { outF, inF } = a.site;
    tensors.push({ name: `${p}.lora_A`, shape: [r, inF], data: a.a }, { name: `${p}.lora_B`, shape: [outF, r], data: a.b });
    tensors.push({ name: `${p}.lora_R`, shape: [r, r], data: a.r! });
  }
  for (const name of ['pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias']) {
    const t = w.get(name)!;
    tensors.push({ name, shape: [...t.shape], data: t.data });
  }
  const run = { runId: 'bench-peer', method: { kind: 'lora-xs' as const, r, alpha: ac.alpha, M: 1 }, adapters: tensors };
  return exportMergedOnnx(cfg, w, run, 'bench').bytes;
}

/** int64 feeds of the exporter's inputs (input_ids, attention_mask, token_type_ids). */
export function ortFeeds(f: { ort: Pick<typeof import('onnxruntime-web'), 'Tensor'> }, b: BatchInput) {
  const i64 = (a: ArrayLike<number>) => new f.ort.Tensor('int64', BigInt64Array.from(Array.from(a, (x) => BigInt(x))), [b.batch, b.seqLen]);
  return { input_ids: i64(b.ids), attention_mask: i64(b.mask), token_type_ids: i64(b.typeIds) };
}
