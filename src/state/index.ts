// App state, the shareable link, and run persistence.
export * from './types';
export {
  methodDefaults,
  defaultShareableState,
  SWAG_SCALE_CANONICAL,
  SWAG_SCALE_REFERENCE_CODE,
  LORA_TARGETS,
  LORA_XS_TARGETS,
  DEFAULT_MODEL_ID,
  DEFAULT_DATASET_ID,
} from './defaults';
export { SCHEMA_VERSION, SHAREABLE_SPEC, METHOD_SPEC, ID_PATTERN, MODEL_ID_PATTERN, HASH_PATTERN, FILE_NAME_PATTERN } from './schema';
export { encodeShareable, decodeShareable, buildHash, parseHash, MAX_HASH_CHARS, type DecodedShareable, type DecodedHash } from './url_codec';
export { encodeRunSummary, decodeRunSummary, MAX_SUMMARY_CHARS, type EncodedSummary, type DecodedSummary } from './run_summary_codec';
export { toMethodSummary } from './method_summary';
export { createAppStore, appStore, checkShareable, initialRuntimeState, MAX_METHODS, type AppState, type AppActions, type AppStore } from './store';
export { startUrlSync, loadFromLocation, shareLink, type HistoryLike, type LocationLike, type Timers, type UrlSync } from './url_sync';
export { openRunStore, RUN_DB_NAME, type RunStore, type AdapterTensor } from './run_store';
