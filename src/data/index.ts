// Browser-safe public API of the data layer. Node-only helpers live in node_file.ts and
// builtin_node.ts and are imported directly by the CLI and tests.
export * from './types';
export * from './errors';
export { parseText, parseBytes, parseChunks, parseBlob, parseReadableStream, checkFileSize, type StreamHooks } from './parse';
export { StreamingTableParser } from './stream_parser';
export { DelimitedTokenizer, tokenizeDelimited } from './delimited';
export { detectHeader, rankDelimiters, delimiterName, looksLikeJsonLines, CANDIDATE_DELIMITERS } from './sniff';
export { mapTable, suggestMapping, inferLabelMapping, resolveColumn, canonicalLabel, MAX_CLASSES, type MapOptions, type MappedTable } from './mapping';
export {
  assembleDataset,
  stratifiedSplit,
  seededShuffle,
  toDatasetPayload,
  DEFAULT_FRACTIONS,
  type DatasetPart,
  type AssembleOptions,
  type AssembleReport,
  type SplitFractions,
} from './splits';
export {
  loadBuiltinIndex,
  loadBuiltinManifest,
  loadBuiltinDataset,
  fetchBuiltinSource,
  maybeGunzip,
  type BuiltinIndex,
  type BuiltinIndexEntry,
  type BuiltinManifest,
  type BuiltinSource,
  type BuiltinSplitFile,
} from './builtin';
export { DatasetStore, refFor, type StoredDataset, type StoredDatasetMeta, type StoredContent, type ResolvedRef } from './dataset_store';
export { localDatasetRef, parseDatasetRef, builtinDatasetRef, formatDatasetRef, refMatchesHash, type DatasetRef } from './dataset_ref';
export { sha256Hex } from './hash';
export { ParseClient, createParseWorker, type WorkerLike } from './parse_client';
export type { ParseRequest, ParseResponse, ParseSource } from './parse_protocol';
