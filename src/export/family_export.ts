// Where a family's exports put the engine's tensors: the Hugging Face *ForSequenceClassification
// class the family loads into, its module paths for the engine's names (BertModel names without
// `bert.`), its head modules, and whether a PEFT adapter can express the head we train there (every
// family's can: DistilBERT's head is trained with its own ReLU, families.ts headActivation).
import { familyById, type AdapterModuleName, type ModelFamilyId } from '../model/families';

export interface FamilyExport {
  id: ModelFamilyId;
  /** config.json model_type and architectures[0] of the exported model. */
  modelType: string;
  seqClsArchitecture: string;
  /** The encoder's prefix in the seq-cls model (`bert.`, `roberta.`, `distilbert.`). */
  prefix: string;
  /** The head's modules as PEFT's modules_to_save names them, each with the seq-cls tensor prefix it covers. */
  headModules: readonly { module: string; prefix: string }[];
  /** The model takes token_type_ids (false: one token type, every id 0, as HF's and Optimum's ONNX inputs). */
  tokenTypes: boolean;
  /** Why a PEFT adapter would load a different model than the one trained; undefined where it loads the same. */
  peftRefusal?: string;
}

const ROBERTA_HEAD = [{ module: 'classifier', prefix: 'classifier.' }] as const;

export const FAMILY_EXPORTS: Record<ModelFamilyId, FamilyExport> = {
  bert: {
    id: 'bert',
    modelType: 'bert',
    seqClsArchitecture: 'BertForSequenceClassification',
    prefix: 'bert.',
    headModules: [
      { module: 'classifier', prefix: 'classifier.' },
      { module: 'pooler', prefix: 'bert.pooler.' },
    ],
    tokenTypes: true,
  },
  distilbert: {
    id: 'distilbert',
    modelType: 'distilbert',
    seqClsArchitecture: 'DistilBertForSequenceClassification',
    prefix: 'distilbert.',
    headModules: [
      { module: 'pre_classifier', prefix: 'pre_classifier.' },
      { module: 'classifier', prefix: 'classifier.' },
    ],
    tokenTypes: false,
  },
  roberta: {
    id: 'roberta',
    modelType: 'roberta',
    seqClsArchitecture: 'RobertaForSequenceClassification',
    prefix: 'roberta.',
    headModules: ROBERTA_HEAD,
    tokenTypes: false,
  },
  'xlm-roberta': {
    id: 'xlm-roberta',
    modelType: 'xlm-roberta',
    seqClsArchitecture: 'XLMRobertaForSequenceClassification',
    prefix: 'roberta.',
    headModules: ROBERTA_HEAD,
    tokenTypes: false,
  },
};

export function familyExport(id: ModelFamilyId | undefined): FamilyExport {
  return FAMILY_EXPORTS[id ?? 'bert'];
}

/** DistilBERT's names of the layer tensors that are not adaptable linears (its LayerNorms). */
const DISTILBERT_NORMS: Record<string, string> = { 'attention.output.LayerNorm': 'sa_layer_norm', 'output.LayerNorm': 'output_layer_norm' };

/** Layer-relative engine module → the family's (families.ts moduleNames, e.g. attention.self.query → attention.q_lin). */
function layerModule(id: ModelFamilyId, rest: string): string {
  if (id !== 'distilbert') return rest;
  const bert = familyById('bert').moduleNames;
  const own = familyById('distilbert').moduleNames;
  const m = (Object.keys(bert) as AdapterModuleName[]).find((k) => bert[k] === rest);
  return m ? own[m] : (DISTILBERT_NORMS[rest] ?? rest);
}

/**
 * An engine module path or tensor name (BertModel names, `bert.` optional) as the family's
 * seq-cls model names it: encoder.layer.0.attention.self.query → roberta.encoder.layer.0.…,
 * distilbert.transformer.layer.0.attention.q_lin; the pooler and classifier onto the family's head
 * (RoBERTa: classifier.dense, classifier.out_proj; DistilBERT: pre_classifier, classifier).
 */
export function seqClsName(id: ModelFamilyId | undefined, name: string): string {
  const f = familyExport(id);
  const n = name.replace(/^bert\./, '');
  const layer = /^encoder\.layer\.(\d+)\.(.+?)(\.(?:weight|bias))?$/.exec(n);
  if (f.id === 'distilbert' && layer) return `distilbert.transformer.layer.${layer[1]}.${layerModule(f.id, layer[2])}${layer[3] ?? ''}`;
  if (/^(?:embeddings|encoder)\./.test(n)) return f.prefix + n;
  if (n.startsWith('pooler.dense')) {
    if (f.id === 'distilbert') return n.replace(/^pooler\.dense/, 'pre_classifier');
    if (f.id === 'roberta' || f.id === 'xlm-roberta') return n.replace(/^pooler\.dense/, 'classifier.dense');
    return f.prefix + n;
  }
  if (n.startsWith('classifier.') && (f.id === 'roberta' || f.id === 'xlm-roberta')) return n.replace(/^classifier\./, 'classifier.out_proj.');
  return n;
}

/** The modules_to_save entry a seq-cls head tensor belongs to, or undefined. */
export function headModuleOf(id: ModelFamilyId | undefined, seqCls: string): string | undefined {
  return familyExport(id).headModules.find((h) => seqCls.startsWith(h.prefix))?.module;
}
