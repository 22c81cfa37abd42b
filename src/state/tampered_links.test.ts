// A corpus of tampered links, generated from the settings table so every setting is attacked: for
// each number setting of a method, a value below its range, above it, of the wrong type and a
// non-finite one; for the link's own fields the same. Each link must decode without throwing, keep
// the untouched settings, put the tampered one back to its default, and say which field it ignored.
// Truncations and single-character flips of a full link must never throw and always give a valid state.
import { describe, expect, it } from 'vitest';
import { METHOD_SETTINGS, type NumberSetting } from '../methods/settings';
import { packJson } from './compress';
import { defaultShareableState } from './defaults';
import { methodDefaults } from '../methods/settings';
import { buildHash, decodeShareable, parseHash } from './url_codec';

const numberSettings = Object.entries(METHOD_SETTINGS).filter((e): e is [string, NumberSetting] => e[1].type === 'int' || e[1].type === 'num');

interface Case {
  what: string;
  raw: unknown;
  /** The warning must name this field. */
  field: string;
  check: (s: ReturnType<typeof decodeShareable>['state']) => void;
}

const cases: Case[] = [];
for (const [name, d] of numberSettings) {
  const bads: [string, unknown][] = [
    ['below its minimum', d.min - (d.type === 'int' ? 1 : Math.max(Math.abs(d.min), 1))],
    ['above its maximum', d.max * 2 + 1],
    ['a string', 'twelve'],
    ['an object', { valueOf: 3 }],
  ];
  if (d.type === 'int') bads.push(['a fraction', d.min + 0.5]);
  for (const [what, v] of bads) {
    cases.push({
      what: `methods[1].${name} ${what}`,
      raw: {
        v: 1,
        L: 64,
        ms: [
          { i: 'keep', k: 'lora', r: 4 },
          { i: 'hit', k: 'b-lora-xs', [d.urlKey]: v },
        ],
      },
      field: `methods[1].${name}`,
      check: (s) => {
        expect(s.maxLength).toBe(64);
        expect(s.methods[0]).toMatchObject({ id: 'keep', kind: 'lora', r: 4 });
        expect((s.methods[1] as unknown as Record<string, unknown>)[name]).toEqual(
          methodDefaults('b-lora-xs')[name as keyof ReturnType<typeof methodDefaults>],
        );
      },
    });
  }
}
const top: [string, string, unknown][] = [
  ['maxLength', 'L', 4],
  ['maxLength', 'L', 100000],
  ['maxLength', 'L', 'long'],
  ['seeds', 'sd', [-1]],
  ['seeds', 'sd', 'zero'],
  ['modelId', 'm', '../../etc/passwd'],
  ['modelId', 'm', '<script>alert(1)</script>'],
  ['modelId', 'm', 42],
  ['methods', 'ms', 'none'],
  ['methods', 'ms', []],
];
for (const [field, key, v] of top) {
  cases.push({
    what: `${field} = ${JSON.stringify(v)}`,
    raw: { v: 1, ms: [{ i: 'keep', k: 'lora-xs', r: 4 }], [key]: v, ...(key === 'ms' ? {} : {}) },
    field,
    check: (s) => {
      expect((s as unknown as Record<string, unknown>)[field]).toEqual((defaultShareableState() as unknown as Record<string, unknown>)[field]);
    },
  });
}

// Nested fields of the link: the default comes back for the one tampered.
const nested: [string, Record<string, unknown>, (s: ReturnType<typeof decodeShareable>['state']) => unknown, unknown][] = [
  ['chart.bins', { ch: { b: 13 } }, (s) => s.chart.bins, defaultShareableState().chart.bins],
  ['chart.binning', { ch: { bn: 'quantile' } }, (s) => s.chart.binning, defaultShareableState().chart.binning],
  ['chart.oodScore', { ch: { o: 'vibes' } }, (s) => s.chart.oodScore, defaultShareableState().chart.oodScore],
  ['runOptions.maxSteps', { ro: { c: 1, ms: -5 } }, (s) => s.runOptions.maxSteps, defaultShareableState().runOptions.maxSteps],
  ['runOptions.maxExamples', { ro: { c: 1, mx: 'all' } }, (s) => s.runOptions.maxExamples, defaultShareableState().runOptions.maxExamples],
  ['dataset', { d: { k: 'local', n: 'x.csv' } }, (s) => s.dataset, defaultShareableState().dataset],
];
for (const [field, patch, get, want] of nested) {
  cases.push({ what: field, raw: { v: 1, ...patch }, field, check: (s) => expect(get(s)).toEqual(want) });
}

describe('tampered links (generated from the settings table)', () => {
  it('has at least 100 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    const d = decodeShareable(packJson(c.raw));
    expect(
      d.warnings.some((w) => w.includes(c.field)),
      `a warning names ${c.field}: ${d.warnings.join(' | ')}`,
    ).toBe(true);
    c.check(d.state);
    // What came out is a valid state: it encodes and decodes again without a warning.
    const again = parseHash(buildHash(d.state));
    expect(again.warnings).toEqual([]);
    expect(again.state).toEqual(d.state);
  });

  it('every truncation and one-character flip of a full link decodes to a valid state without throwing', () => {
    const full = buildHash({
      ...defaultShareableState(),
      maxLength: 64,
      seeds: [0, 1, 2],
      methods: [methodDefaults('b-lora-xs', 'a'), methodDefaults('laplace', 'b')],
    });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variants: string[] = [];
    for (let i = 1; i < full.length; i += Math.max(1, Math.floor(full.length / 60))) variants.push(full.slice(0, i));
    for (let i = 3; i < full.length; i += Math.max(1, Math.floor(full.length / 60)))
      variants.push(full.slice(0, i) + alphabet[(alphabet.indexOf(full[i]) + 17) % alphabet.length] + full.slice(i + 1));
    expect(variants.length).toBeGreaterThanOrEqual(100);
    for (const h of variants) {
      const d = parseHash(h);
      const again = parseHash(buildHash(d.state));
      expect(again.warnings, h).toEqual([]);
      expect(again.state).toEqual(d.state);
    }
  });
});
