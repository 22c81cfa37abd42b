// One typed descriptor per method setting (tensorflow/playground's State.PROPS, typed): its link
// key, type, range, default, label, help, the method kinds that use it and its CLI flag. The link
// schema (state/schema.ts), the defaults (state/defaults.ts), validation (validate.ts), the method
// form (ui/methods/MethodCard.tsx), the CLI flags and `--help` (cli/common_args.ts, cli/help.ts)
// are all derived from it. A MethodConfig field without a descriptor does not compile.
import { ADAPT_TARGETS, hasTrait, type AdaptTarget, type LaplaceStructure, type MethodConfig, type MethodKind, type MethodTrait } from './config';

/** The methods that use a setting: 'all', or those with one of these traits (config.ts METHOD_CATALOG). */
export type SettingUsers = 'all' | readonly MethodTrait[];

interface SettingBase {
  /** Key in the link (short: links stay small; never change one without a schema version). */
  urlKey: string;
  /** Label on the method form. */
  label: string;
  /** One line for `--help`. */
  help: string;
  usedBy: SettingUsers;
  /** Where the form shows it, when not wherever it is used ('hidden': only links and the CLI set it). */
  form?: 'hidden' | readonly MethodTrait[];
  /** CLI flag without the dashes. */
  cli: string;
}

export interface NumberSetting extends SettingBase {
  type: 'int' | 'num';
  min: number;
  max: number;
  /** The minimum itself is not allowed (a learning rate must be positive). */
  exclusiveMin?: boolean;
  default: number;
  /** How messages name it: "the adapter learning rate must be positive". */
  noun: string;
}

export interface TargetsSetting extends SettingBase {
  type: 'targets';
  default: (kind: MethodKind) => AdaptTarget[];
}
export interface LayersSetting extends SettingBase {
  type: 'layers';
  maxLayer: number;
  default: number[];
}
export interface LaplaceSetting extends SettingBase {
  type: 'laplace';
  values: readonly LaplaceStructure[];
  default: { structure: LaplaceStructure };
}

export type Setting = NumberSetting | TargetsSetting | LayersSetting | LaplaceSetting;
export type SettingKey = Exclude<keyof MethodConfig, 'id' | 'kind'>;

type SettingFor<V> = V extends number ? NumberSetting : V extends AdaptTarget[] ? TargetsSetting : V extends number[] ? LayersSetting : LaplaceSetting;

/** LoRA-XS adapts query, value, attention output and FFN output; reference LoRA only query, value. */
export const LORA_XS_TARGETS: readonly AdaptTarget[] = ['query', 'value', 'attn-out', 'ffn-out'];
export const LORA_TARGETS: readonly AdaptTarget[] = ['query', 'value'];
/** The b-lora-xs reference code samples with c = 2.0; canonical SWAG uses 0.5 (our default). */
export const SWAG_SCALE_CANONICAL = 0.5;
export const SWAG_SCALE_REFERENCE_CODE = 2.0;

const UINT32_MAX = 4294967295;
/** Learning rates are only bounded by what an f32 kernel can hold: a run that diverges is stopped and says so. */
const LR_MAX = 1e38;
const SWAG: readonly MethodTrait[] = ['swag'];
const SAMPLED: readonly MethodTrait[] = ['sampled'];
const POINT_TRAINED: readonly MethodTrait[] = ['point-trained'];

// Defaults (docs/METHOD.md §1–§4): r = 8, α = 16, K = 10, c = 0.5 (canonical SWAG), S = 15, AdamW lr 1e-3
// (adapters) / 5e-3 (head), batch 32, weight decay 0.01, SWAG lr 1e-3 annealed over 5 epochs.
// Epochs and the SWAG start are chosen so that one collection per epoch fills K = 10.
// The order is the link's field order.
export const METHOD_SETTINGS: { readonly [K in SettingKey]: SettingFor<MethodConfig[K]> } = {
  r: {
    type: 'int',
    urlKey: 'r',
    min: 1,
    max: 1024,
    default: 8,
    label: 'Rank r',
    noun: 'r',
    usedBy: 'all',
    cli: 'r',
    help: 'adapter rank (LoRA-XS: R is r × r; LoRA: A is r × in)',
  },
  alpha: {
    type: 'num',
    urlKey: 'a',
    min: 0.001,
    max: 1024,
    default: 16,
    label: 'α (s = α/r)',
    noun: 'α',
    usedBy: 'all',
    cli: 'alpha',
    help: 'LoRA scale numerator: s = α / r',
  },
  targets: {
    type: 'targets',
    urlKey: 't',
    label: 'Adapted matrices',
    usedBy: 'all',
    cli: 'targets',
    help: `adapted matrices, from ${ADAPT_TARGETS.join(', ')}`,
    default: (kind) => [...(hasTrait(kind, 'lora-adapters') ? LORA_TARGETS : LORA_XS_TARGETS)],
  },
  layers: {
    type: 'layers',
    urlKey: 'ly',
    maxLayer: 63,
    default: [],
    label: 'Adapted layers',
    usedBy: 'all',
    cli: 'layers',
    help: 'adapted encoder layers, 0-based (default: all)',
  },
  K: {
    type: 'int',
    urlKey: 'K',
    min: 0,
    max: 64,
    default: 10,
    label: 'K (deviation rows)',
    noun: 'K',
    usedBy: SWAG,
    cli: 'K',
    help: 'SWAG deviation rows kept (0 = diagonal only)',
  },
  c: {
    type: 'num',
    urlKey: 'c',
    min: 0,
    max: 10,
    default: SWAG_SCALE_CANONICAL,
    label: 'c (sampling scale)',
    noun: 'the sampling scale c',
    usedBy: SWAG,
    cli: 'c',
    help: 'SWAG sampling scale (0.5 canonical, 2 in the b-lora-xs code, 0 = SWA mean)',
  },
  S: {
    type: 'int',
    urlKey: 'S',
    min: 1,
    max: 100,
    default: 15,
    label: 'S (samples)',
    noun: 'S',
    usedBy: SAMPLED,
    cli: 'S',
    help: 'Monte-Carlo samples per prediction',
  },
  M: {
    type: 'int',
    urlKey: 'M',
    min: 2,
    max: 16,
    default: 5,
    label: 'M (members)',
    noun: 'an ensemble needs M ≥ 2 members; M',
    usedBy: ['ensemble'],
    cli: 'M',
    help: 'ensemble members',
  },
  laplace: {
    type: 'laplace',
    urlKey: 'lp',
    values: ['diag', 'full'],
    default: { structure: 'diag' },
    label: 'Curvature',
    usedBy: ['laplace'],
    cli: 'laplace',
    help: 'Laplace posterior structure: diag or full',
  },
  lrAdapter: {
    type: 'num',
    urlKey: 'la',
    min: 0,
    exclusiveMin: true,
    max: LR_MAX,
    default: 1e-3,
    label: 'Adapter lr',
    noun: 'the adapter learning rate',
    usedBy: 'all',
    cli: 'lr',
    help: 'peak AdamW learning rate of the adapters',
  },
  lrHead: {
    type: 'num',
    urlKey: 'lh',
    min: 0,
    exclusiveMin: true,
    max: LR_MAX,
    default: 5e-3,
    label: 'Head lr',
    noun: 'the head learning rate',
    usedBy: 'all',
    cli: 'lr-head',
    help: 'peak AdamW learning rate of the classifier head',
  },
  warmupFraction: {
    type: 'num',
    urlKey: 'wu',
    min: 0,
    max: 0.5,
    default: 0.06,
    label: 'Warm-up fraction',
    noun: 'the warm-up fraction',
    usedBy: 'all',
    form: 'hidden',
    cli: 'warmup',
    help: 'fraction of the planned steps with a linear learning-rate warm-up',
  },
  weightDecay: {
    type: 'num',
    urlKey: 'wd',
    min: 0,
    max: 1,
    default: 0.01,
    label: 'Weight decay',
    noun: 'weight decay',
    usedBy: 'all',
    form: 'hidden',
    cli: 'weight-decay',
    help: 'AdamW weight decay',
  },
  epochs: { type: 'int', urlKey: 'e', min: 1, max: 200, default: 20, label: 'Epochs', noun: 'epochs', usedBy: 'all', cli: 'epochs', help: 'training epochs' },
  batch: {
    type: 'int',
    urlKey: 'b',
    min: 1,
    max: 512,
    default: 32,
    label: 'Batch',
    noun: 'batch',
    usedBy: 'all',
    cli: 'batch',
    help: 'examples per optimizer step',
  },
  swagStart: {
    type: 'int',
    urlKey: 'ss',
    min: 0,
    max: 200,
    default: 10,
    label: 'SWAG start epoch',
    noun: 'SWAG start',
    usedBy: SWAG,
    cli: 'swag-start',
    help: 'epoch (0-based) at which the SWAG phase starts',
  },
  swagAnnealEpochs: {
    type: 'int',
    urlKey: 'sa',
    min: 0,
    max: 100,
    default: 5,
    label: 'Anneal epochs',
    noun: 'anneal epochs',
    usedBy: SWAG,
    cli: 'swag-anneal',
    help: 'epochs over which both learning rates anneal to the SWAG lr',
  },
  swagLr: {
    type: 'num',
    urlKey: 'sl',
    min: 0,
    exclusiveMin: true,
    max: LR_MAX,
    default: 1e-3,
    label: 'SWAG lr',
    noun: 'the SWAG learning rate',
    usedBy: SWAG,
    cli: 'swag-lr',
    help: 'constant learning rate of the SWAG phase (adapters and head)',
  },
  collectEverySteps: {
    type: 'int',
    urlKey: 'ce',
    min: 0,
    max: 1_000_000,
    default: 0,
    label: 'Collect every (steps, 0 = epoch)',
    noun: 'collection period',
    usedBy: SWAG,
    cli: 'collect-every',
    help: 'SWAG collection period in optimizer steps (0 = once per epoch)',
  },
  redrawPerBatch: {
    type: 'int',
    urlKey: 'rb',
    min: 0,
    max: 1,
    default: 0,
    label: 'Redraw samples per batch (0/1)',
    noun: 'per-batch redraw',
    usedBy: SWAG,
    form: 'hidden',
    cli: 'redraw-per-batch',
    help: '1: each prediction batch draws its own S posterior samples, as the reference does; 0: the same S samples for every batch',
  },
  dropout: {
    type: 'num',
    urlKey: 'p',
    min: 0,
    max: 0.9,
    default: 0.1,
    label: 'Dropout p',
    noun: 'dropout',
    usedBy: 'all',
    form: ['test-time-dropout'],
    cli: 'dropout',
    help: 'dropout probability (MC dropout keeps it on at test time)',
  },
  earlyStopPatience: {
    type: 'int',
    urlKey: 'es',
    min: 0,
    max: 1000,
    default: 0,
    label: 'Early stop patience (evals, 0 = off)',
    noun: 'patience',
    usedBy: POINT_TRAINED,
    cli: 'patience',
    help: 'early stopping after N validation evaluations without a better NLL (0 = off)',
  },
  seed: {
    type: 'int',
    urlKey: 'sd',
    min: 0,
    max: UINT32_MAX,
    default: 0,
    label: 'Seed',
    noun: 'the seed',
    usedBy: 'all',
    form: 'hidden',
    cli: 'seed',
    help: 'seed of initialisation, batches and dropout',
  },
};

export const SETTING_KEYS = Object.keys(METHOD_SETTINGS) as SettingKey[];

const anyTrait = (kind: MethodKind, traits: readonly MethodTrait[]) => traits.some((t) => hasTrait(kind, t));

export function usesSetting(kind: MethodKind, key: SettingKey): boolean {
  const u = METHOD_SETTINGS[key].usedBy;
  return u === 'all' || anyTrait(kind, u);
}

/** Numeric settings the form shows for a kind, in table order. */
export function formNumberSettings(kind: MethodKind): Extract<SettingKey, keyof { [K in SettingKey as MethodConfig[K] extends number ? K : never]: 1 }>[] {
  return SETTING_KEYS.filter((key) => {
    const s = METHOD_SETTINGS[key];
    if (s.type !== 'int' && s.type !== 'num') return false;
    if (s.form === 'hidden') return false;
    return s.form ? anyTrait(kind, s.form) : usesSetting(kind, key);
  }) as never;
}

/** The default of one setting for a kind. */
export function settingDefault<K extends SettingKey>(key: K, kind: MethodKind): MethodConfig[K] {
  const s = METHOD_SETTINGS[key] as Setting;
  if (s.type === 'targets') return s.default(kind) as MethodConfig[K];
  if (s.type === 'layers') return [...s.default] as MethodConfig[K];
  if (s.type === 'laplace') return { ...s.default } as MethodConfig[K];
  return s.default as MethodConfig[K];
}

/** Why a number is outside a numeric setting's range, or undefined when it is inside. */
export function numberProblem(s: NumberSetting, v: number): string | undefined {
  const range = s.type === 'int' ? `a whole number ≥ ${s.min}` : undefined;
  if (!Number.isFinite(v)) return `${s.noun} must be ${range ?? 'a number'}`;
  if (s.type === 'int' && (!Number.isInteger(v) || v < s.min)) return `${s.noun} must be ${range}${v > s.max ? ` and ≤ ${s.max}` : ''}`;
  if (s.exclusiveMin ? v <= s.min : v < s.min)
    return s.exclusiveMin && s.min === 0 ? `${s.noun} must be positive` : s.min === 0 ? `${s.noun} cannot be negative` : `${s.noun} must be at least ${s.min}`;
  if (v > s.max) return `${s.noun} must be at most ${s.max}`;
  return undefined;
}

/** Full configuration of a method of the given kind, with every field at its default. */
export function methodDefaults(kind: MethodKind, id: string = kind): MethodConfig {
  const out: Record<string, unknown> = { id, kind };
  for (const key of SETTING_KEYS) out[key] = settingDefault(key, kind);
  return out as unknown as MethodConfig;
}
