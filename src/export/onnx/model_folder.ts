// The merged model as a folder in the Hugging Face layout: model.onnx beside config.json
// (the family's *ForSequenceClassification, id2label from the run's label names) and the tokenizer files,
// which transformers.js- and Optimum-style loaders open. The page zips it; the CLI writes it.
import { strToU8, zipSync } from 'fflate';
import type { BertConfig } from '../../model/config';
import type { ModelFamilyId } from '../../model/families';
import type { TensorMap } from '../../model/safetensors';
import type { BertTokenizer } from '../../model/tokenizer';
import { familyExport } from '../family_export';
import { exportMergedOnnx, type RunToExport } from './export_run';
import { seqClsConfig } from './hf_config';
import { runClassNames } from '../run_classes';
import { meanModelTensors } from '../run_tensors';
import { type BaseFiles, tokenizerFiles } from './tokenizer_files';

export interface FolderModel {
  id: string;
  /** The encoder family (absent: BERT): config.json, the ONNX inputs and the README follow it. */
  family?: ModelFamilyId;
  config: BertConfig;
  tokenizer: BertTokenizer;
  weights: TensorMap;
}

/**
 * Labels of the exported head: its row count from the run's classifier; names given explicitly (the
 * CLI's --labels), else the run's own (run.dataset, never the data set loaded now), else HF's LABEL_i.
 */
export function headLabelNames(run: RunToExport, labelNames: readonly string[] | undefined): string[] {
  const head = meanModelTensors(run.method, run.adapters).tensors.find((t) => t.name === 'classifier.weight' || t.name.endsWith('.classifier.weight'));
  if (!head) throw new Error('model folder: the run has no trained head tensor classifier.weight');
  const n = head.shape[0];
  if (!labelNames?.length) return runClassNames(run, n).names;
  if (labelNames.length !== n)
    throw new Error(`model folder: the run's head has ${n} labels but ${labelNames.length} label names were given (${labelNames.join(', ')})`);
  return [...labelNames];
}

/**
 * README.md of the folder: what the model is and how loaders open it. Optimum reads model.onnx at
 * the root; transformers.js looks for onnx/model.onnx (fp32) instead, so the README says to move it
 * rather than the folder carrying the model twice.
 */
export function folderReadme(run: RunToExport, labels: readonly string[], modelId: string, description: string, family?: ModelFamilyId): string {
  const fam = familyExport(family);
  const inputs = fam.tokenTypes ? 'input_ids, attention_mask, token_type_ids' : 'input_ids, attention_mask';
  const note =
    fam.id === 'distilbert'
      ? "\nconfig.json says DistilBertForSequenceClassification for its sizes and labels; the head inside model.onnx is DistilBERT's own, classifier(ReLU(pre_classifier([CLS]))), as trained here. There are no PyTorch weights: model.onnx is the model (the PEFT export gives the adapter for transformers).\n"
      : '';
  return `# ${run.method.kind} run ${run.runId}, merged

Model: ${description}.
Base model: ${modelId || 'not named'}; the adapters (r = ${run.method.r}, alpha = ${run.method.alpha}) are merged into its weights (blora-playground).
Labels (config.json id2label): ${labels.map((l, i) => `${i} = ${l}`).join(', ')}.
${trainedOn(run)}
${note}
- onnxruntime: model.onnx takes int64 ${inputs} [batch, sequence] and gives logits and probabilities [batch, ${labels.length}].
- Optimum: \`ORTModelForSequenceClassification.from_pretrained("<this folder>")\` with \`AutoTokenizer.from_pretrained("<this folder>")\`.
- transformers.js: it reads ONNX weights from an \`onnx/\` subfolder: move model.onnx to onnx/model.onnx, then \`pipeline("text-classification", "<this folder>", { dtype: "fp32" })\`.
`;
}

/** The README's line on the data the run trained on (none when the run does not say). */
function trainedOn(run: RunToExport): string {
  const ds = run.dataset;
  return ds?.name ? `Trained on: ${ds.name} (${ds.id}${ds.sha256 ? `, content SHA-256 ${ds.sha256}` : ''}).\n` : '';
}

/** <s> and </s> of a RoBERTa-style tokenizer (the first and last special token of its single-sequence template). */
function specialIds(tok: BertTokenizer): { bos?: number; eos?: number } {
  const specials = tok.template.single.flatMap((p) => (p.kind === 'special' ? [tok.vocab.get(p.token)] : []));
  return { bos: specials[0], eos: specials[specials.length - 1] };
}

/** Everything of the folder but model.onnx and README.md: config.json and the tokenizer files (base files copied where given). */
export function folderCompanions(model: FolderModel, run: RunToExport, labelNames?: readonly string[], base: BaseFiles = {}): Record<string, Uint8Array> {
  const config = seqClsConfig(model.config, headLabelNames(run, labelNames), model.family, specialIds(model.tokenizer));
  return {
    'config.json': strToU8(`${JSON.stringify(config, null, 2)}\n`),
    ...tokenizerFiles(model.tokenizer, model.config.maxPositionEmbeddings, base),
  };
}

export function mergedModelFolder(
  model: FolderModel,
  run: RunToExport,
  labelNames?: readonly string[],
  base: BaseFiles = {},
): { files: Record<string, Uint8Array>; description: string } {
  // The merge first: its errors name the adapter tensor at fault.
  const onnx = exportMergedOnnx(model.config, model.weights, run, model.id, model.family);
  const files = folderCompanions(model, run, labelNames, base);
  const readme = strToU8(folderReadme(run, headLabelNames(run, labelNames), model.id, onnx.description, model.family));
  return { files: { 'model.onnx': onnx.bytes, ...files, 'README.md': readme }, description: onnx.description };
}

/** The folder as one zip (model.onnx is already dense float data: stored, not deflated). */
export function folderZip(files: Record<string, Uint8Array>, folder: string): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${folder}/${name}`, name.endsWith('.onnx') ? [bytes, { level: 0 }] : bytes])),
  );
}
