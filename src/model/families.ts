// The encoder families the loader reads, one registry entry each: how config.json names them,
// how their tensor names map onto BertModel's (checkpoint_names.ts), which tokenizers they ship,
// which linear layers LoRA-XS adapts by default (their own names for the engine's modules) and the
// classification head we train on them. The engine runs one post-LN BERT encoder for all of them.
import { ModelError } from './errors';

/** The engine's adaptable linears (src/engine/adapters/config.ts ADAPTER_MODULES; a test keeps them equal). */
export type AdapterModuleName = 'query' | 'key' | 'value' | 'attention.output' | 'ffn.in' | 'ffn.out';

/** What LoRA-XS adapts by default in every family (the method settings' default targets, docs/METHOD.md §1). */
export const DEFAULT_LORA_XS_MODULES: readonly AdapterModuleName[] = ['query', 'value', 'attention.output', 'ffn.out'];

export type ModelFamilyId = 'bert' | 'distilbert' | 'roberta' | 'xlm-roberta';

/** The activation between the head's dense layer and its classifier: BERT's pooler tanh, DistilBERT's ReLU. */
export type HeadActivation = 'tanh' | 'relu';

export interface ModelFamily {
  id: ModelFamilyId;
  label: string;
  /** config.json model_type values (absent model_type means bert). */
  modelTypes: readonly string[];
  /** config.json architectures accepted (the base model and its heads). */
  architectures: RegExp;
  /** The architectures in short, for messages. */
  archLabel: string;
  /** Prefix of the encoder's tensors in a checkpoint saved from a head class. */
  prefix: string;
  /** tokenizer.json model types it ships (vocab.txt means WordPiece). */
  tokenizers: readonly ('WordPiece' | 'BPE' | 'Unigram')[];
  /** The family's own name of each engine module LoRA-XS can adapt (layer-relative). */
  moduleNames: Record<AdapterModuleName, string>;
  /** The checkpoint's classifier weight, whose rows give its number of labels. */
  classifierWeight: string;
  /** The checkpoint's head tensors (prefixes) → the head we train (pooler.dense, classifier). */
  headNames: Record<string, 'pooler.dense' | 'classifier'>;
  /** The activation of the head we train after its dense layer (the family's own seq-cls head's). */
  headActivation: HeadActivation;
  /** What the checkpoint's head is and what we train (docs and the model panel). */
  head: string;
  /** Examples on the Hub (docs). */
  examples: readonly string[];
}

const BERT_MODULES: Record<AdapterModuleName, string> = {
  query: 'attention.self.query',
  key: 'attention.self.key',
  value: 'attention.self.value',
  'attention.output': 'attention.output.dense',
  'ffn.in': 'intermediate.dense',
  'ffn.out': 'output.dense',
};

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    id: 'bert',
    label: 'BERT (incl. MiniLM, bert-tiny)',
    modelTypes: ['bert'],
    architectures:
      /^Bert(Model|ForPreTraining|ForMaskedLM|ForSequenceClassification|ForMultipleChoice|ForTokenClassification|ForQuestionAnswering|ForNextSentencePrediction|LMHeadModel)$/,
    archLabel: 'Bert*',
    prefix: 'bert.',
    tokenizers: ['WordPiece'],
    moduleNames: BERT_MODULES,
    classifierWeight: 'classifier.weight',
    headNames: { 'pooler.dense': 'pooler.dense', classifier: 'classifier' },
    headActivation: 'tanh',
    head: 'pooler tanh(dense([CLS])) → dropout → classifier, as BertForSequenceClassification (a checkpoint without a pooler gets a new one)',
    examples: ['google-bert/bert-base-uncased', 'prajjwal1/bert-tiny', 'microsoft/MiniLM-L12-H384-uncased', 'sentence-transformers/all-MiniLM-L6-v2'],
  },
  {
    id: 'distilbert',
    label: 'DistilBERT',
    modelTypes: ['distilbert'],
    architectures: /^DistilBert(Model|ForMaskedLM|ForSequenceClassification|ForMultipleChoice|ForTokenClassification|ForQuestionAnswering)$/,
    archLabel: 'DistilBert*',
    prefix: 'distilbert.',
    tokenizers: ['WordPiece'],
    moduleNames: {
      query: 'attention.q_lin',
      key: 'attention.k_lin',
      value: 'attention.v_lin',
      'attention.output': 'attention.out_lin',
      'ffn.in': 'ffn.lin1',
      'ffn.out': 'ffn.lin2',
    },
    classifierWeight: 'classifier.weight',
    headNames: { pre_classifier: 'pooler.dense', classifier: 'classifier' },
    headActivation: 'relu',
    head: 'HF DistilBertForSequenceClassification: pre_classifier → ReLU → dropout → classifier on [CLS]; we train the same head (pre_classifier in the pooler.dense slot, ReLU instead of tanh), new per task',
    examples: ['distilbert/distilbert-base-uncased', 'distilbert/distilbert-base-uncased-finetuned-sst-2-english'],
  },
  {
    id: 'roberta',
    label: 'RoBERTa',
    modelTypes: ['roberta'],
    architectures: /^Roberta(Model|ForMaskedLM|ForCausalLM|ForSequenceClassification|ForMultipleChoice|ForTokenClassification|ForQuestionAnswering)$/,
    archLabel: 'Roberta*',
    prefix: 'roberta.',
    tokenizers: ['BPE'],
    moduleNames: BERT_MODULES,
    classifierWeight: 'classifier.out_proj.weight',
    headNames: { 'classifier.dense': 'pooler.dense', 'classifier.out_proj': 'classifier' },
    headActivation: 'tanh',
    head: 'HF RobertaClassificationHead: dropout → dense → tanh → dropout → out_proj on <s>; we train the same head as pooler.dense + classifier without its first dropout',
    examples: ['FacebookAI/roberta-base', 'distilbert/distilroberta-base'],
  },
  {
    id: 'xlm-roberta',
    label: 'XLM-RoBERTa',
    modelTypes: ['xlm-roberta'],
    architectures: /^XLMRoberta(Model|ForMaskedLM|ForCausalLM|ForSequenceClassification|ForMultipleChoice|ForTokenClassification|ForQuestionAnswering)$/,
    archLabel: 'XLMRoberta*',
    prefix: 'roberta.',
    tokenizers: ['Unigram'],
    moduleNames: BERT_MODULES,
    classifierWeight: 'classifier.out_proj.weight',
    headNames: { 'classifier.dense': 'pooler.dense', 'classifier.out_proj': 'classifier' },
    headActivation: 'tanh',
    head: 'as RoBERTa',
    examples: ['FacebookAI/xlm-roberta-base', 'intfloat/multilingual-e5-small'],
  },
];

export function familyById(id: ModelFamilyId): ModelFamily {
  return MODEL_FAMILIES.find((f) => f.id === id)!;
}

/** One line naming every supported model_type and its architectures, for error messages and the page. */
export function supportedList(): string {
  return MODEL_FAMILIES.map((f) => `model_type "${f.modelTypes[0]}" (${f.archLabel})`).join(', ');
}

/** The family's own names of the linears LoRA-XS adapts by default, e.g. q_lin for DistilBERT. */
export function defaultTargets(f: ModelFamily): string[] {
  return DEFAULT_LORA_XS_MODULES.map((m) => f.moduleNames[m]);
}

/** The family of a config.json, or unsupported_architecture naming what it found and what loads. */
export function familyOfConfig(raw: unknown, sourceId: string): ModelFamily {
  const j = (raw ?? {}) as Record<string, unknown>;
  const mt = j.model_type ?? 'bert';
  const family = MODEL_FAMILIES.find((f) => f.modelTypes.includes(mt as string));
  const supported = MODEL_FAMILIES.map((f) => f.modelTypes.join('/')).join(', ');
  if (!family) {
    throw new ModelError({
      code: 'unsupported_architecture',
      file: 'config.json',
      expected: `model_type one of ${supported}`,
      found: JSON.stringify(j.model_type),
      message: `${sourceId}: model_type ${JSON.stringify(j.model_type)} is not supported; supported: ${supportedList()}`,
    });
  }
  const archs = Array.isArray(j.architectures) ? (j.architectures as unknown[]) : [];
  const arch = archs.find((a) => typeof a !== 'string' || !family.architectures.test(a));
  if (arch !== undefined) {
    throw new ModelError({
      code: 'unsupported_architecture',
      file: 'config.json',
      expected: `a ${family.label} architecture`,
      found: String(arch),
      message: `${sourceId}: architecture ${String(arch)} is not supported for model_type ${JSON.stringify(mt)}; supported: ${supportedList()}`,
    });
  }
  return family;
}
