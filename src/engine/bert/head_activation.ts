// The activation between the head's dense layer (pooler.dense) and the classifier: tanh for BERT's
// pooler (and RoBERTa's classification head), ReLU for DistilBERT's pre_classifier (cfg.headActivation,
// from the family registry, src/model/families.ts).
import type { Backend, Tensor } from '../backend';
import type { BertConfig } from '../../model/config';

/** act(pre) for the config's head. */
export function headActivation(be: Backend, cfg: Pick<BertConfig, 'headActivation'>, pre: Tensor): Tensor {
  return cfg.headActivation === 'relu' ? be.relu(pre) : be.tanh(pre);
}

/** dPre from dy and the activation's output y = act(pre) (both backwards read y). */
export function headActivationBackward(be: Backend, cfg: Pick<BertConfig, 'headActivation'>, dy: Tensor, y: Tensor): Tensor {
  return cfg.headActivation === 'relu' ? be.reluBackward(dy, y) : be.tanhBackward(dy, y);
}
