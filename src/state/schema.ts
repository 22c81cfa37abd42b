// The link schema of ShareableState. Short keys keep links small; changing a key or the meaning
// of a value needs a new SCHEMA_VERSION and a migration in url_codec.ts. Fields missing from a
// link take their defaults, so links made before a field existed keep working.

import { defaultShareableState } from './defaults';
import { METHOD_SETTINGS, SETTING_KEYS, methodDefaults, type Setting, type SettingKey } from '../methods/settings';
import type { FieldSpec, ObjectField, ObjectSpec } from './schema_types';
import { ADAPT_TARGETS, METHOD_KINDS, type MethodKind } from '../methods/config';
import { HUB_REVISION_SOURCE } from '../model/sources';

export const SCHEMA_VERSION = 1;

/** Identifiers in links: lower-case letters, digits and '-', as the brief requires. */
export const ID_PATTERN = /^[a-z0-9-]+$/;
/** A built-in id, or `hf:owner/name` with an optional `@revision` that pins the files (no '..', no other symbols). */
export const MODEL_ID_PATTERN = new RegExp(
  `^(?!.*\\.\\.)(?:[a-z0-9-]+|hf:[A-Za-z0-9][A-Za-z0-9._-]*(?:\\/[A-Za-z0-9][A-Za-z0-9._-]*)?(?:@${HUB_REVISION_SOURCE})?)$`,
);
export const HASH_PATTERN = /^[0-9a-f]{16,64}$/;
/** A local file's display name: letters, digits, space and . _ ( ) - only. */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9 ._()-]+$/;

const UINT32_MAX = 4294967295;

const int = (min: number, max: number): FieldSpec => ({ type: 'int', min, max });
const id = (what: string, maxLength = 32): FieldSpec => ({ type: 'string', pattern: ID_PATTERN, maxLength, what });
const f = (name: string, key: string, spec: FieldSpec): ObjectField => ({ name, key, spec });

/** The link field of one method setting, from its descriptor (src/methods/settings.ts). */
function settingField(key: SettingKey): ObjectField {
  const s = METHOD_SETTINGS[key] as Setting;
  switch (s.type) {
    case 'int':
    case 'num':
      return f(key, s.urlKey, { type: s.type, min: s.min, max: s.max, exclusiveMin: s.exclusiveMin });
    case 'targets':
      return f(key, s.urlKey, { type: 'list', of: { type: 'enum', values: ADAPT_TARGETS }, minItems: 1, maxItems: ADAPT_TARGETS.length, unique: true });
    case 'layers':
      return f(key, s.urlKey, { type: 'list', of: int(0, s.maxLayer), minItems: 0, maxItems: s.maxLayer + 1, unique: true });
    case 'laplace':
      return f(key, s.urlKey, {
        type: 'object',
        fields: [f('structure', 's', { type: 'enum', values: s.values })],
        defaults: () => ({ ...s.default }),
      });
  }
}

export const METHOD_SPEC: ObjectSpec = {
  type: 'object',
  fields: [f('id', 'i', id('method id')), f('kind', 'k', { type: 'enum', values: METHOD_KINDS }), ...SETTING_KEYS.map(settingField)],
  // A method's defaults depend on its kind (LoRA targets differ from LoRA-XS targets).
  defaults: (accepted) => {
    const kind = (accepted.kind as MethodKind | undefined) ?? 'lora-xs';
    return methodDefaults(kind, (accepted.id as string | undefined) ?? kind) as unknown as Record<string, unknown>;
  },
  // SWAG divides the low-rank term by √(K − 1) (docs/METHOD.md §3), so K = 1 is meaningless.
  finish: (v, path) => {
    if (v.K !== 1) return { value: v };
    const K = methodDefaults(v.kind as MethodKind).K;
    return { value: { ...v, K }, warning: `ignored ${path}.K: 1 is not allowed (the SWAG divisor is K − 1); use 0 (diagonal only) or at least 2` };
  },
};

const DATASET_SPEC: ObjectSpec = {
  type: 'object',
  fields: [
    f('kind', 'k', { type: 'enum', values: ['builtin', 'local'] }),
    f('id', 'i', id('data set id', 48)),
    f('hash', 'h', { type: 'string', pattern: HASH_PATTERN, maxLength: 64, what: 'content hash (16–64 hex digits)' }),
    f('name', 'n', { type: 'string', pattern: FILE_NAME_PATTERN, maxLength: 64, what: 'file name' }),
  ],
  defaults: () => ({ kind: 'builtin', id: undefined, hash: undefined, name: undefined }),
  finish: (v, path) => {
    const fallback = defaultShareableState().dataset as unknown as Record<string, unknown>;
    if (v.kind === 'local') {
      if (typeof v.hash !== 'string') return { value: fallback, warning: `ignored ${path}: a local data set needs a valid hash` };
      return { value: { kind: 'local', hash: v.hash, name: typeof v.name === 'string' ? v.name : 'local file' } };
    }
    if (typeof v.id !== 'string') return { value: fallback, warning: `ignored ${path}: a built-in data set needs a valid id` };
    return { value: { kind: 'builtin', id: v.id } };
  },
};

export const SHAREABLE_SPEC: ObjectSpec = {
  type: 'object',
  fields: [
    f('modelId', 'm', { type: 'string', pattern: MODEL_ID_PATTERN, maxLength: 128, what: 'model id' }),
    f('dataset', 'd', DATASET_SPEC),
    f('maxLength', 'L', int(8, 512)),
    f('methods', 'ms', { type: 'list', of: METHOD_SPEC, minItems: 1, maxItems: 8, unique: true }),
    f('seeds', 'sd', { type: 'list', of: int(0, UINT32_MAX), minItems: 1, maxItems: 10, unique: true }),
    f('chart', 'ch', {
      type: 'object',
      fields: [
        f('bins', 'b', { type: 'enum', values: [10, 15, 20] }),
        f('binning', 'bn', { type: 'enum', values: ['width', 'mass'] }),
        f('oodScore', 'o', { type: 'enum', values: ['entropy', 'mi', 'maxprob'] }),
      ],
      defaults: () => defaultShareableState().chart as unknown as Record<string, unknown>,
    }),
    f('runOptions', 'ro', {
      type: 'object',
      fields: [
        f('custom', 'c', { type: 'enum', values: [0, 1] }),
        f('maxSteps', 'ms', int(0, 10_000_000)),
        f('maxExamples', 'mx', int(0, 100_000_000)),
        f('evalEverySteps', 'ev', int(0, 10_000_000)),
        f('kSweep', 'ks', { type: 'enum', values: [0, 1] }),
        f('checkpointEverySteps', 'ck', int(0, 10_000_000)),
      ],
      defaults: () => defaultShareableState().runOptions as unknown as Record<string, unknown>,
    }),
    f('selectedRunIds', 'sel', { type: 'list', of: id('run id', 64), minItems: 0, maxItems: 32, unique: true }),
    f('backend', 'be', { type: 'enum', values: ['auto', 'webgpu', 'wasm', 'cpu'] }),
    f('cpuThreads', 'ct', int(0, 16)),
  ],
  defaults: () => defaultShareableState() as unknown as Record<string, unknown>,
};

/** Key of the version field in the link's JSON (next to the SHAREABLE_SPEC keys). */
export const VERSION_KEY = 'v';
