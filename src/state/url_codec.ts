// ShareableState ⇄ the link's hash fragment: `#s=<settings>` and optionally `&r=<results>`, each
// JSON → zlib → base64url. Decoding never throws and never trusts the link: every problem becomes a
// warning and the affected setting keeps its default (see validate.ts).

import { unpackJson, packJson } from './compress';
import { defaultShareableState } from './defaults';
import { decodeRunSummary } from './run_summary_codec';
import { SCHEMA_VERSION, SHAREABLE_SPEC, VERSION_KEY } from './schema';
import type { RunSummary, ShareableState } from './types';
import { decodeObject, describeValue, encodeValue, REJECT } from './validate';

/** Longest fragment we read; longer ones are ignored (a legitimate link is a few KB). */
export const MAX_HASH_CHARS = 32 * 1024;

/** Upgrades the raw JSON of older link versions to the current one (none exist yet). */
const MIGRATIONS: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {};

export function encodeShareable(state: ShareableState): string {
  const short = encodeValue(SHAREABLE_SPEC, state) as Record<string, unknown>;
  return packJson({ [VERSION_KEY]: SCHEMA_VERSION, ...short });
}

export interface DecodedShareable {
  state: ShareableState;
  warnings: string[];
}

export function decodeShareable(text: string): DecodedShareable {
  const warnings: string[] = [];
  const unpacked = unpackJson(text);
  if (!unpacked.ok) {
    warnings.push(`ignored the link's settings: ${unpacked.error}; using the defaults`);
    return { state: defaultShareableState(), warnings };
  }
  const raw = unpacked.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push(`ignored the link's settings: expected an object, got ${describeValue(raw)}; using the defaults`);
    return { state: defaultShareableState(), warnings };
  }
  let rec = { ...(raw as Record<string, unknown>) };
  const version = readVersion(rec[VERSION_KEY], warnings);
  delete rec[VERSION_KEY];
  for (let v = version; v < SCHEMA_VERSION; v++) if (MIGRATIONS[v]) rec = MIGRATIONS[v](rec);
  const value = decodeObject(SHAREABLE_SPEC, rec, '', warnings);
  const state = value === REJECT ? defaultShareableState() : (value as unknown as ShareableState);
  return { state, warnings };
}

function readVersion(v: unknown, warnings: string[]): number {
  if (v === undefined) return 1; // links from before the field existed
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    warnings.push(`ignored v: ${describeValue(v)} is not a link version; reading it as version ${SCHEMA_VERSION}`);
    return SCHEMA_VERSION;
  }
  if (v > SCHEMA_VERSION) {
    warnings.push(`this link was made by a newer version (v${v}); settings this version does not know are ignored`);
    return SCHEMA_VERSION;
  }
  return v;
}

/** The fragment (with '#') for the settings and, optionally, an encoded run summary. */
export function buildHash(state: ShareableState, summaryText?: string): string {
  return `#s=${encodeShareable(state)}` + (summaryText ? `&r=${summaryText}` : '');
}

export interface DecodedHash {
  state: ShareableState;
  summary: RunSummary | null;
  warnings: string[];
  /** False when the fragment held no settings at all (a plain visit, not a shared link). */
  hadSettings: boolean;
}

/** Reads `location.hash`. An empty fragment gives the defaults without warnings. */
export function parseHash(hash: string): DecodedHash {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { state: defaultShareableState(), summary: null, warnings: [], hadSettings: false };
  if (body.length > MAX_HASH_CHARS) {
    return {
      state: defaultShareableState(),
      summary: null,
      hadSettings: false,
      warnings: [`ignored the link: it is longer than ${MAX_HASH_CHARS} characters`],
    };
  }
  const warnings: string[] = [];
  const params = new Map<string, string>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key !== 's' && key !== 'r') {
      warnings.push(`ignored unknown link part ${describeValue(key)}`);
      continue;
    }
    if (params.has(key)) {
      warnings.push(`ignored a repeated link part ${key}`);
      continue;
    }
    params.set(key, eq < 0 ? '' : part.slice(eq + 1));
  }
  let state = defaultShareableState();
  const s = params.get('s');
  if (s !== undefined) {
    const d = decodeShareable(s);
    state = d.state;
    warnings.push(...d.warnings);
  }
  let summary: RunSummary | null = null;
  const r = params.get('r');
  if (r !== undefined) {
    const d = decodeRunSummary(r);
    summary = d.summary;
    warnings.push(...d.warnings);
  }
  return { state, summary, warnings, hadSettings: s !== undefined };
}
