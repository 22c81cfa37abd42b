// Load an encoder of a supported family (families.ts: BERT/MiniLM, DistilBERT, RoBERTa, XLM-R) in
// the Hugging Face layout from any ModelSource:
//   config.json, tokenizer.json or vocab.txt (+ tokenizer_config.json), model.safetensors
//   (or its sharded index, or pytorch_model.bin: checkpoint_files.ts), optional model.onnx.
// The size limit is checked before anything large is downloaded; every failure is a ModelError
// that names the file, tensor, expected and found values.

import { ConfigError, type BertConfig } from './config';
import { familyOfConfig, type ModelFamily, type ModelFamilyId } from './families';
import { adaptFamilyWeights, parseFamilyConfig } from './family_config';
import type { TensorMap } from './safetensors';
import { expectedBertShapes } from './bert_shapes';
import { checkpointHead, type CheckpointHead } from './checkpoint_head';
import { chooseWeightFile, readCheckpoint, WEIGHT_FILES } from './checkpoint_files';
import { ModelError, formatBytes } from './errors';
import type { ReadProgress } from './read_body';
import type { ModelSource } from './sources';
import { type BertTokenizer, TokenizerError } from './tokenizer';
import { tokenizerFromJson, tokenizerFromVocabTxt, type TokenizerConfigJson } from './tokenizer_load';

export const DEFAULT_MAX_MODEL_BYTES = 500 * 1024 * 1024;

export interface LoadOptions {
  /** Refuse models larger than this (bytes of the files we would download). */
  maxBytes?: number;
  /** Also fetch model.onnx when present (default true). */
  includeOnnx?: boolean;
  /** Progress: called before each file is read. */
  onFile?: (name: string, sizeBytes: number | undefined) => void;
  /** Bytes received of each file as it downloads (or arrives from the cache). */
  onProgress?: (name: string, p: ReadProgress) => void;
}

/** One file read for the model: its size and whether the model cache served it. */
export interface LoadedFile {
  name: string;
  bytes: number;
  fromCache: boolean;
}

export interface LoadedModel {
  id: string;
  /** The encoder family (families.ts); its tensors are mapped onto BertModel's names. */
  family: ModelFamilyId;
  config: BertConfig;
  tokenizer: BertTokenizer;
  /** BertModel tensors as F32, canonical names (no `bert.` prefix), shapes validated. */
  weights: TensorMap;
  onnxBytes?: Uint8Array;
  /** Bytes of all files read. */
  sizeBytes: number;
  /** False when the checkpoint has no pooler (e.g. saved from BertForMaskedLM). */
  hasPooler: boolean;
  /** A classification head found in the checkpoint; reported only, a new head is made per task. */
  existingClassifier?: { numLabels: number; tensors: string[] };
  /** That head, complete and of the right shapes, with its label names (`blora embed` shows its logits). */
  checkpointHead?: CheckpointHead;
  /** Why a classifier the checkpoint has is not a usable head (a missing dense layer, a wrong shape). */
  checkpointHeadProblem?: string;
  /** Checkpoint tensors not used (cls.* pretraining heads, position_ids buffers, ...). */
  ignoredTensors: string[];
  /** Which tokenizer file was used. */
  tokenizerFile: 'tokenizer.json' | 'vocab.txt';
  /** Every file read, in order. */
  files: LoadedFile[];
}

export async function loadModel(source: ModelSource, opts: LoadOptions = {}): Promise<LoadedModel> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
  const includeOnnx = opts.includeOnnx ?? true;

  // 1. Sizes first: refuse a too-large model before downloading it.
  const names = ['config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', ...WEIGHT_FILES, ...(includeOnnx ? ['model.onnx'] : [])];
  const sizes = new Map<string, number | null | undefined>();
  await Promise.all(names.map(async (n) => sizes.set(n, await source.size(n))));
  const present = (n: string) => sizes.get(n) !== null;
  if (!present('config.json')) throw missing(source, 'config.json', '');
  const weightFile = chooseWeightFile(source, present);
  if (!present('tokenizer.json') && !present('vocab.txt')) {
    throw new ModelError({
      code: 'missing_file',
      file: 'tokenizer.json',
      message: `${source.id}: neither tokenizer.json nor vocab.txt is present; one of them is required`,
    });
  }
  const unused = (n: string) => (n === 'vocab.txt' && present('tokenizer.json')) || (n !== weightFile && (WEIGHT_FILES as readonly string[]).includes(n));
  const toRead = names.filter((n) => present(n) && !unused(n));
  const known = toRead.reduce((s, n) => s + (sizes.get(n) ?? 0), 0);
  checkSize(source, known, maxBytes);

  let sizeBytes = 0;
  const files: LoadedFile[] = [];
  const read = async (name: string): Promise<Uint8Array> => {
    opts.onFile?.(name, sizes.get(name) ?? undefined);
    let fromCache = false;
    const b = await source.read(name, {
      onProgress: (p) => {
        fromCache = p.fromCache;
        opts.onProgress?.(name, p);
      },
    });
    if (!b) throw missing(source, name, '');
    files.push({ name, bytes: b.length, fromCache });
    sizeBytes += b.length;
    checkSize(source, sizeBytes, maxBytes); // sizes a server did not announce
    return b;
  };
  const readJson = async (name: string): Promise<unknown> => {
    const text = new TextDecoder().decode(await read(name));
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ModelError({
        code: name === 'config.json' ? 'bad_config' : 'bad_tokenizer',
        file: name,
        message: `${source.id}: ${name} is not valid JSON (${(e as Error).message})`,
        cause: e,
      });
    }
  };

  // 2. Config.
  const rawConfig = await readJson('config.json');
  const family = familyOfConfig(rawConfig, source.id);
  const config = parseConfig(source, family, rawConfig);

  // 3. Tokenizer.
  const tokConfig = present('tokenizer_config.json') ? ((await readJson('tokenizer_config.json')) as TokenizerConfigJson) : {};
  const tokenizerFile = present('tokenizer.json') ? 'tokenizer.json' : 'vocab.txt';
  let tokenizer: BertTokenizer;
  const tokOpts = { singleTokenType: config.typeVocabSize === 1 };
  try {
    tokenizer =
      tokenizerFile === 'tokenizer.json'
        ? tokenizerFromJson(await readJson('tokenizer.json'), tokConfig, tokOpts)
        : tokenizerFromVocabTxt(new TextDecoder().decode(await read('vocab.txt')), tokConfig, tokOpts);
  } catch (e) {
    if (e instanceof ModelError) throw e;
    if (!(e instanceof TokenizerError)) throw e;
    throw new ModelError({ code: 'bad_tokenizer', file: tokenizerFile, message: `${source.id}: ${e.message}`, cause: e });
  }
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new ModelError({
      code: 'bad_tokenizer',
      file: tokenizerFile,
      expected: `≤ ${config.vocabSize}`,
      found: String(tokenizer.vocabSize),
      message: `${source.id}: ${tokenizerFile} has ${tokenizer.vocabSize} tokens but config.json vocab_size is ${config.vocabSize}`,
    });
  }

  // 4. Weights.
  const shardSize = async (n: string) => {
    const s = await source.size(n);
    sizes.set(n, s);
    return s;
  };
  const reserve = (bytes: number) => checkSize(source, known + bytes, maxBytes);
  const checkpoint = await readCheckpoint(source, weightFile, { read, size: shardSize, reserve, maxBytes, family: family.id });
  const weights = checkpoint.weights;
  adaptFamilyWeights(family.id, rawConfig as Record<string, unknown>, config, weights);
  const hasPooler = weights.has('pooler.dense.weight');
  checkShapes(source, weights, expectedBertShapes(config, hasPooler), checkpoint.file);

  // 5. Optional ONNX graph (BERT's inputs and outputs only: src/onnx feeds token_type_ids).
  const onnxBytes = includeOnnx && family.id === 'bert' && present('model.onnx') ? await read('model.onnx') : undefined;

  const cw = checkpoint.classifier.get(family.classifierWeight);
  const head = checkpointHead(family, config, rawConfig as Record<string, unknown>, checkpoint.head, weights);
  return {
    id: source.id,
    family: family.id,
    config,
    tokenizer,
    weights,
    onnxBytes,
    sizeBytes,
    hasPooler,
    existingClassifier: cw ? { numLabels: cw[0], tensors: [...checkpoint.classifier.keys()] } : undefined,
    checkpointHead: head.head,
    checkpointHeadProblem: head.problem,
    ignoredTensors: checkpoint.dropped,
    tokenizerFile,
    files,
  };
}

function missing(source: ModelSource, file: string, extra: string): ModelError {
  return new ModelError({ code: 'missing_file', file, message: `${source.id}: ${file} is missing${extra}` });
}

function checkSize(source: ModelSource, bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new ModelError({
      code: 'too_large',
      found: String(bytes),
      expected: `≤ ${maxBytes}`,
      message: `${source.id}: the model is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit`,
    });
  }
}

function parseConfig(source: ModelSource, family: ModelFamily, raw: unknown): BertConfig {
  try {
    return parseFamilyConfig(family.id, raw);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const lacks = /required field/.test(e.message) || /hidden_act|position_embedding_type/.test(e.message);
    throw new ModelError({ code: lacks ? 'unsupported_architecture' : 'bad_config', file: 'config.json', message: `${source.id}: ${e.message}`, cause: e });
  }
}

function checkShapes(source: ModelSource, weights: TensorMap, expected: Map<string, number[]>, file: string): void {
  for (const [name, shape] of expected) {
    const t = weights.get(name);
    if (!t) {
      throw new ModelError({
        code: 'bad_weights',
        file,
        tensor: name,
        expected: `[${shape.join(', ')}]`,
        message: `${source.id}: ${file} lacks tensor ${name} (expected shape [${shape.join(', ')}])`,
      });
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ModelError({
        code: 'tensor_shape',
        file,
        tensor: name,
        expected: `[${shape.join(', ')}]`,
        found: `[${t.shape.join(', ')}]`,
        message: `${source.id}: tensor ${name} has shape [${t.shape.join(', ')}], config.json implies [${shape.join(', ')}]`,
      });
    }
  }
}
