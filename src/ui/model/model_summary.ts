// What the UI keeps about the loaded encoder (the trainer loads its own copy in the worker).
import type { BertConfig } from '../../model/config';
import { loadModel } from '../../model/loader';
import type { ModelSource } from '../../model/sources';

export interface ModelSummary {
  id: string;
  config: BertConfig;
  sizeBytes: number;
  tokenizerFile: string;
}

/** Loads and validates every file (config, tokenizer, weights) so errors show before training. */
export async function inspectModel(src: ModelSource): Promise<ModelSummary> {
  const m = await loadModel(src, { includeOnnx: false });
  return { id: m.id, config: m.config, sizeBytes: m.sizeBytes, tokenizerFile: m.tokenizerFile };
}
