// Our encoder with zero adapters (none, and LoRA at init where B = 0) against onnxruntime-web's
// wasm EP on the same token batch: max |ours − ORT| for every hidden state, last_hidden_state and
// pooler_output, per backend. The browser twin of src/onnx/oracle.test.ts (engine-check.html).
import type { Backend } from '../engine/backend';
import { loraDefaults } from '../engine/adapters/config';
import type { LoadedModel } from '../model/loader';
import { engineForward, type EngineOutputs } from '../onnx/engine_forward';
import { TrunkRunner, hiddenStateName, type TokenBatch } from '../onnx/trunk_runner';
import { forwardHidden } from './forward_hidden';
import { maxAbsDiff, worstOf } from './measures';

// The oracle test's texts: a pair, a single short one (padding), accents, CJK and an emoji.
export const ORACLE_TEXTS: [string, string | null][] = [
  ['The café was not bad at all!', 'Would I go back? Probably.'],
  ['Short one.', null],
  ['中国 naïve résumé 😀 — “quotes” and ünïcödé', 'second segment here'],
];

export interface OrtComparison {
  batch: { batch: number; seqLen: number; paddedTokens: number };
  numLayers: number;
  /** max |hidden_state_0 − last_hidden_state| from ORT: the layers really transform their input. */
  layersMove: number;
  /** Per engine backend: output name (prefixed 'none:' or 'lora@init:') → max |ours − ORT|. */
  maxAbs: Record<string, Record<string, number>>;
  /** Per engine backend: the largest of maxAbs. */
  worst: Record<string, number>;
  /** Wall time (ms) of the ORT session and run, and of each engine side. */
  ms: Record<string, number>;
}

/** An engine side: the CPU oracle helper, or forwardHidden on a given backend. */
export type EngineSide = { name: string; backend: Backend | 'cpu-engineForward' };

export async function compareEngineWithOrt(m: LoadedModel, sides: EngineSide[], maxLength = 32): Promise<OrtComparison> {
  if (!m.onnxBytes) throw new Error(`${m.id}: model.onnx is missing, there is nothing to compare with`);
  const ms: Record<string, number> = {};
  let t0 = performance.now();
  const runner = await TrunkRunner.create(m.onnxBytes, { ep: 'wasm', cacheBytes: 0 });
  const L = m.config.numHiddenLayers;
  if (runner.numLayers !== L) throw new Error(`${m.id}: model.onnx exposes ${runner.numLayers} hidden states, config.json says ${L} layers`);
  const batch: TokenBatch = m.tokenizer.encodeBatch(ORACLE_TEXTS, { maxLength: Math.min(maxLength, m.config.maxPositionEmbeddings), padding: 'longest' });
  const names = [...Array.from({ length: L + 1 }, (_, k) => hiddenStateName(k)), 'last_hidden_state', 'pooler_output'];
  let ort: Record<string, Float32Array>;
  try {
    ort = await runner.runToHost(batch, names);
  } finally {
    await runner.release();
  }
  ms.ort = performance.now() - t0;
  const maxAbs: Record<string, Record<string, number>> = {},
    worst: Record<string, number> = {};
  for (const side of sides) {
    const per: Record<string, number> = {};
    t0 = performance.now();
    for (const adapters of [null, loraDefaults(4)]) {
      const ours: EngineOutputs =
        side.backend === 'cpu-engineForward'
          ? engineForward(m.config, m.weights, batch, adapters)
          : await forwardHidden(side.backend, m.config, m.weights, batch, adapters);
      const tag = adapters ? 'lora@init' : 'none';
      for (let k = 0; k <= L; k++) per[`${tag}:${hiddenStateName(k)}`] = maxAbsDiff(ours.hidden[k], ort[hiddenStateName(k)]);
      per[`${tag}:last_hidden_state`] = maxAbsDiff(ours.hidden[L], ort.last_hidden_state);
      per[`${tag}:pooler_output`] = maxAbsDiff(ours.pooled, ort.pooler_output);
    }
    maxAbs[side.name] = per;
    worst[side.name] = worstOf(per);
    ms[side.name] = performance.now() - t0;
  }
  return {
    batch: { batch: batch.batch, seqLen: batch.seqLen, paddedTokens: batch.attentionMask.filter((x) => x === 0).length },
    numLayers: L,
    layersMove: maxAbsDiff(ort.hidden_state_0, ort.last_hidden_state),
    maxAbs,
    worst,
    ms,
  };
}
