// A finished comparison's results, small enough for a link (~4 KB), so a recipient sees the
// tables and reliability diagrams without training. Values are quantized to fixed-point integers
// (metrics to 1e-4, NLL to 1e-3, bin accuracy/confidence to 1e-3, equal-mass edges to 1e-4) and
// decoded through the same strict schema validator as the settings.

import { packJson, unpackJson } from './compress';
import { ID_PATTERN } from './schema';
import type { FieldSpec, ObjectSpec } from './schema_types';
import type { MethodSummary, RunSummary, SummaryBin } from './types';
import { METHOD_KINDS } from '../methods/config';
import { decodeObject, describeValue, encodeValue, REJECT } from './validate';

export const SUMMARY_VERSION = 1;
export const MAX_SUMMARY_CHARS = 4096;

/** A label shown as text: printable characters, no markup brackets or control characters. */
const LABEL_PATTERN = /^[^\p{Cc}<>]+$/u;

const M4 = 1e4,
  M3 = 1e3;
const ints = (min: number, max: number, maxItems = 20): FieldSpec => ({ type: 'list', of: { type: 'int', min, max }, minItems: 0, maxItems, unique: false });
const int = (min: number, max: number): FieldSpec => ({ type: 'int', min, max });

/** Quantized per-method record; field names are already the short keys. */
const METHOD_SUMMARY_SPEC: ObjectSpec = {
  type: 'object',
  fields: [
    { name: 'i', key: 'i', spec: { type: 'string', pattern: ID_PATTERN, maxLength: 32, what: 'method id' } },
    { name: 't', key: 't', spec: { type: 'string', pattern: LABEL_PATTERN, maxLength: 80, what: 'run label' } },
    { name: 'k', key: 'k', spec: { type: 'enum', values: METHOD_KINDS } },
    { name: 's', key: 's', spec: int(0, 4294967295) },
    { name: 'a', key: 'a', spec: int(0, M4) },
    { name: 'l', key: 'l', spec: int(0, 100 * M3) },
    { name: 'e', key: 'e', spec: int(0, M4) },
    { name: 'r', key: 'r', spec: int(0, 2 * M4) },
    { name: 'c', key: 'c', spec: int(-M4, M4) },
    { name: 'u', key: 'u', spec: int(-1, M4) },
    { name: 'x', key: 'x', spec: int(-1, M4) },
    { name: 'y', key: 'y', spec: int(-1, M4) },
    { name: 'bc', key: 'bc', spec: ints(0, 10_000_000) },
    { name: 'ba', key: 'ba', spec: ints(0, M3) },
    { name: 'bf', key: 'bf', spec: ints(0, M3) },
    { name: 'be', key: 'be', spec: ints(0, M4, 19) },
  ],
  defaults: () => ({
    i: undefined,
    t: undefined,
    k: undefined,
    s: 0,
    a: undefined,
    l: undefined,
    e: undefined,
    r: undefined,
    c: 0,
    u: -1,
    x: -1,
    y: -1,
    bc: [],
    ba: [],
    bf: [],
    be: [],
  }),
};

const SUMMARY_SPEC: ObjectSpec = {
  type: 'object',
  fields: [
    { name: 'v', key: 'v', spec: int(1, 1000) },
    { name: 'b', key: 'b', spec: { type: 'enum', values: ['w', 'm'] } },
    { name: 'n', key: 'n', spec: { type: 'enum', values: [10, 15, 20] } },
    { name: 'o', key: 'o', spec: { type: 'enum', values: ['entropy', 'mi', 'maxprob'] } },
    { name: 'm', key: 'm', spec: { type: 'list', of: METHOD_SUMMARY_SPEC, minItems: 0, maxItems: 16, unique: false } },
  ],
  defaults: () => ({ v: SUMMARY_VERSION, b: 'w', n: 15, o: 'entropy', m: [] }),
};

const q = (x: number, scale: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(x * scale)));
/** A metric in [0, 1] that may be missing: −1 stands for absent. */
const optional = (x: number | undefined): number => (x === undefined || !Number.isFinite(x) ? -1 : q(x, M4, 0, M4));
const fromOptional = (x: unknown): number | undefined => ((x as number) < 0 ? undefined : (x as number) / M4);

function quantizeMethod(m: MethodSummary, binning: RunSummary['binning']): Record<string, unknown> {
  return {
    i: m.methodId,
    ...(m.label ? { t: m.label.slice(0, 80) } : {}),
    k: m.kind,
    s: m.seed,
    a: q(m.accuracy, M4, 0, M4),
    l: q(m.nll, M3, 0, 100 * M3),
    e: q(m.ece, M4, 0, M4),
    r: q(m.brier, M4, 0, 2 * M4),
    c: q(m.mcc, M4, -M4, M4),
    u: optional(m.auroc),
    x: optional(m.mce),
    y: optional(m.ace),
    bc: m.bins.map((b) => b.count),
    ba: m.bins.map((b) => q(b.acc, M3, 0, M3)),
    bf: m.bins.map((b) => q(b.conf, M3, 0, M3)),
    // Equal-width edges follow from the bin count; equal-mass edges are data-dependent.
    be: binning === 'mass' ? m.bins.slice(1).map((b) => q(b.lo, M4, 0, M4)) : [],
  };
}

export interface EncodedSummary {
  text: string;
  /** Method ids left out to stay under the size cap (from the end of the list). */
  omitted: string[];
}

/** Encodes a summary for `#…&r=`; drops trailing methods until it fits in maxChars. */
export function encodeRunSummary(summary: RunSummary, maxChars = MAX_SUMMARY_CHARS): EncodedSummary {
  const methods = summary.methods.map((m) => quantizeMethod(m, summary.binning));
  const pack = (n: number) =>
    packJson(
      encodeValue(SUMMARY_SPEC, {
        v: SUMMARY_VERSION,
        b: summary.binning === 'mass' ? 'm' : 'w',
        n: summary.nBins,
        o: summary.oodScore,
        m: methods.slice(0, n),
      }),
    );
  for (let n = methods.length; n >= 0; n--) {
    const text = pack(n);
    if (text.length <= maxChars) return { text, omitted: summary.methods.slice(n).map((m) => m.methodId) };
  }
  return { text: pack(0), omitted: summary.methods.map((m) => m.methodId) };
}

export interface DecodedSummary {
  summary: RunSummary | null;
  warnings: string[];
}

/** Never throws; a summary that cannot be read gives null and a warning. */
export function decodeRunSummary(text: string): DecodedSummary {
  const warnings: string[] = [];
  const unpacked = unpackJson(text, 256 * 1024);
  if (!unpacked.ok) return { summary: null, warnings: [`ignored the link's results: ${unpacked.error}`] };
  const raw = decodeObject(SUMMARY_SPEC, unpacked.value, 'results', warnings);
  if (raw === REJECT) return { summary: null, warnings };
  const rec = raw as { v: number; b: 'w' | 'm'; n: 10 | 15 | 20; o: RunSummary['oodScore']; m: Record<string, unknown>[] };
  if (rec.v > SUMMARY_VERSION) warnings.push(`the link's results come from a newer version (v${rec.v}); showing what this version understands`);
  const binning = rec.b === 'm' ? 'mass' : 'width';
  const methods: MethodSummary[] = [];
  rec.m.forEach((m, idx) => {
    const path = `results.m[${idx}]`;
    if (typeof m.i !== 'string' || typeof m.k !== 'string' || [m.a, m.l, m.e, m.r].some((x) => typeof x !== 'number')) {
      warnings.push(`ignored ${path}: a method's id, kind, accuracy, NLL, ECE and Brier are required`);
      return;
    }
    methods.push({
      methodId: m.i,
      ...(typeof m.t === 'string' ? { label: m.t } : {}),
      kind: m.k as MethodSummary['kind'],
      seed: m.s as number,
      accuracy: (m.a as number) / M4,
      nll: (m.l as number) / M3,
      ece: (m.e as number) / M4,
      brier: (m.r as number) / M4,
      mcc: (m.c as number) / M4,
      auroc: fromOptional(m.u),
      mce: fromOptional(m.x),
      ace: fromOptional(m.y),
      bins: decodeBins(m, rec.n, binning, path, warnings),
    });
  });
  return { summary: { binning, nBins: rec.n, oodScore: rec.o, methods }, warnings };
}

function decodeBins(m: Record<string, unknown>, nBins: number, binning: 'width' | 'mass', path: string, warnings: string[]): SummaryBin[] {
  const bc = m.bc as number[],
    ba = m.ba as number[],
    bf = m.bf as number[],
    be = m.be as number[];
  if (bc.length === 0) return [];
  const edgesOk = binning === 'width' || (be.length === nBins - 1 && be.every((x, i) => i === 0 || be[i - 1] <= x));
  if (bc.length !== nBins || ba.length !== nBins || bf.length !== nBins || !edgesOk) {
    warnings.push(`ignored ${path} bins: expected ${nBins} consistent bins, got ${describeValue(bc.length)}`);
    return [];
  }
  const edges = binning === 'width' ? Array.from({ length: nBins + 1 }, (_, i) => i / nBins) : [0, ...be.map((x) => x / M4), 1];
  return bc.map((count, i) => ({ lo: edges[i], hi: edges[i + 1], count, acc: ba[i] / M3, conf: bf[i] / M3 }));
}
