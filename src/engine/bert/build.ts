// Assemble a trainable classifier on a backend from config + weights + adapter config.
import type { Backend } from '../backend';
import type { BertConfig } from '../../model/config';
import type { AdapterConfig } from '../adapters/config';
import { initAdapters, type AdapterInit } from '../adapters/init';
import { uploadAdapters } from '../adapters/tensors';
import { BertClassifier } from './model';
import { uploadBertParams } from './params';
import { initHead, type BertWeights } from './weights';

export interface BuildOptions {
  /** Seeds adapter init (R or LoRA A) and any missing head weights. */
  seed: number;
  numLabels?: number;
  /** Use these adapter values instead of initAdapters (e.g. restored from a checkpoint). */
  adapterInit?: AdapterInit[];
  /** Told after each adapter site is initialised (LoRA-XS: after each truncated SVD). */
  onAdapterInit?: (done: number, total: number) => void;
}

export function buildBertClassifier(be: Backend, cfg: BertConfig, weights: BertWeights, ac: AdapterConfig, opts: BuildOptions): BertClassifier {
  const w: BertWeights = new Map(weights); // initHead must not mutate the caller's map
  initHead(w, cfg, opts.numLabels ?? cfg.numLabels, opts.seed);
  const inits = opts.adapterInit ?? initAdapters(cfg, w, ac, opts.seed, opts.onAdapterInit);
  return new BertClassifier(be, cfg, uploadBertParams(be, cfg, w), uploadAdapters(be, ac, inits));
}
