// A checkpoint's own sequence-classification head (BertForSequenceClassification and the families'
// equivalents, families.ts headNames) in the engine's head names, with its label names from
// config.json id2label. Training makes a new head per task; `blora embed` shows this one's logits.
import type { BertConfig } from './config';
import type { ModelFamily } from './families';
import type { TensorMap } from './safetensors';

export interface CheckpointHead {
  /** pooler.dense.* and classifier.*: the engine's names. */
  weights: TensorMap;
  numLabels: number;
  /** id2label of config.json by index (LABEL_i where it names none). */
  labels: string[];
  /** The checkpoint's tensors it is made of (canonical names). */
  tensors: string[];
}

/**
 * The head when the checkpoint has a complete one of the right shapes; else why not (`problem`,
 * undefined when it has no classifier at all). `head` holds the classifier tensors set aside by
 * the loader; `encoder` is looked in for BERT's pooler, which is part of BertModel.
 */
export function checkpointHead(
  family: ModelFamily,
  config: BertConfig,
  rawConfig: Record<string, unknown>,
  head: TensorMap,
  encoder: TensorMap,
): { head?: CheckpointHead; problem?: string } {
  if (!head.has(family.classifierWeight)) return {};
  const H = config.hiddenSize;
  const C = head.get(family.classifierWeight)!.shape[0];
  const weights: TensorMap = new Map();
  const tensors: string[] = [];
  for (const [from, to] of Object.entries(family.headNames)) {
    const out = to === 'classifier' ? C : H;
    for (const [part, shape] of [
      ['weight', [out, H]],
      ['bias', [out]],
    ] as const) {
      const name = `${from}.${part}`;
      const t = head.get(name) ?? encoder.get(name);
      if (!t) return { problem: `it has ${family.classifierWeight} but no ${name}` };
      if (t.shape.join() !== shape.join()) return { problem: `${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]` };
      weights.set(`${to}.${part}`, t);
      tensors.push(name);
    }
  }
  const id2label = (rawConfig.id2label ?? {}) as Record<string, unknown>;
  const labels = Array.from({ length: C }, (_, i) => (typeof id2label[i] === 'string' && id2label[i] ? (id2label[i] as string) : `LABEL_${i}`));
  return { head: { weights, numLabels: C, labels, tensors } };
}
