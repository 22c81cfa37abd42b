// Strict, key-by-key decoding of untrusted link data against a schema. Nothing throws: every
// rejected value becomes a human-readable warning and the field's default. Unknown keys are
// ignored with a warning. Values are only ever copied into plain data (never evaluated).

import type { FieldSpec, ObjectSpec } from './schema_types';

export const REJECT = Symbol('reject');
type Result = unknown | typeof REJECT;

/** A short, quoted rendering of an untrusted value for warnings (shown as text, never as HTML). */
export function describeValue(raw: unknown): string {
  if (Array.isArray(raw)) return 'a list';
  if (raw === null) return 'null';
  if (typeof raw === 'object') return 'an object';
  const s = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
  return s.length > 40 ? s.slice(0, 37) + '…' : s;
}

/** Decodes one value; returns REJECT (after pushing a warning) when it cannot be used. */
export function decodeValue(spec: FieldSpec, raw: unknown, path: string, warnings: string[]): Result {
  const reject = (why: string): typeof REJECT => {
    warnings.push(`ignored ${path}: ${why}`);
    return REJECT;
  };
  switch (spec.type) {
    case 'int':
    case 'num': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return reject(`expected a number, got ${describeValue(raw)}`);
      if (spec.type === 'int' && !Number.isInteger(raw)) return reject(`expected a whole number, got ${describeValue(raw)}`);
      if (raw > spec.max) return reject(`${raw} is above the maximum ${spec.max}`);
      if (raw < spec.min) return reject(`${raw} is below the minimum ${spec.min}`);
      if (spec.exclusiveMin && raw === spec.min) return reject(`${raw} is not allowed: it must be above ${spec.min}`);
      return raw;
    }
    case 'enum':
      if (!spec.values.includes(raw as string | number)) return reject(`${describeValue(raw)} is not one of ${spec.values.join(', ')}`);
      return raw;
    case 'string':
      if (typeof raw !== 'string') return reject(`expected text, got ${describeValue(raw)}`);
      if (raw.length > spec.maxLength) return reject(`longer than ${spec.maxLength} characters`);
      if (!spec.pattern.test(raw)) return reject(`${describeValue(raw)} is not a valid ${spec.what}`);
      return raw;
    case 'list':
      return decodeList(spec, raw, path, warnings);
    case 'object':
      return decodeObject(spec, raw, path, warnings);
  }
}

function decodeList(spec: Extract<FieldSpec, { type: 'list' }>, raw: unknown, path: string, warnings: string[]): Result {
  if (!Array.isArray(raw)) {
    warnings.push(`ignored ${path}: expected a list, got ${describeValue(raw)}`);
    return REJECT;
  }
  const items = raw.length > spec.maxItems ? raw.slice(0, spec.maxItems) : raw;
  if (raw.length > spec.maxItems) warnings.push(`ignored ${path}[${spec.maxItems}…]: at most ${spec.maxItems} items are allowed`);
  const out: unknown[] = [];
  items.forEach((item, i) => {
    const v = decodeValue(spec.of, item, `${path}[${i}]`, warnings);
    if (v === REJECT) return;
    if (spec.unique && out.some((o) => sameKey(o, v))) {
      warnings.push(`ignored ${path}[${i}]: duplicate ${describeValue(keyOf(v))}`);
      return;
    }
    out.push(v);
  });
  if (out.length < spec.minItems) {
    warnings.push(`ignored ${path}: at least ${spec.minItems} valid item${spec.minItems === 1 ? '' : 's'} needed`);
    return REJECT;
  }
  return out;
}

/** List items are unique by value, or by `id` for objects. */
function keyOf(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'id' in v ? (v as { id: unknown }).id : v;
}
function sameKey(a: unknown, b: unknown): boolean {
  return keyOf(a) === keyOf(b);
}

export function decodeObject(spec: ObjectSpec, raw: unknown, path: string, warnings: string[]): Result {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push(`ignored ${path || 'settings'}: expected an object, got ${describeValue(raw)}`);
    return REJECT;
  }
  const rec = raw as Record<string, unknown>;
  const known = new Set(spec.fields.map((f) => f.key));
  for (const key of Object.keys(rec)) {
    if (!known.has(key)) warnings.push(`ignored unknown key ${join(path, describeKey(key))}`);
  }
  const accepted: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (!Object.hasOwn(rec, f.key)) continue; // missing: default (old links)
    const v = decodeValue(f.spec, rec[f.key], join(path, f.name), warnings);
    if (v !== REJECT) accepted[f.name] = v;
  }
  const defaults = spec.defaults(accepted);
  const value: Record<string, unknown> = {};
  for (const f of spec.fields) value[f.name] = f.name in accepted ? accepted[f.name] : defaults[f.name];
  if (!spec.finish) return value;
  const fixed = spec.finish(value, path);
  if (fixed.warning) warnings.push(fixed.warning);
  return fixed.value;
}

/** Short form of a value for the link: long field names → short keys, recursively. */
export function encodeValue(spec: FieldSpec, value: unknown): unknown {
  if (spec.type === 'list') return (value as unknown[]).map((v) => encodeValue(spec.of, v));
  if (spec.type !== 'object') return value;
  const rec = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) if (rec[f.name] !== undefined) out[f.key] = encodeValue(f.spec, rec[f.name]);
  return out;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function describeKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,24}$/.test(key) ? key : describeValue(key);
}
