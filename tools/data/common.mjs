// Shared helpers for the data-preparation scripts: deterministic ordering, gzip JSONL output
// with a fixed mtime (so reruns produce identical bytes), and the manifest writer.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = join(REPO, 'tools/.cache');
export const OUT_ROOT = join(REPO, 'public/datasets');

export function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** A stable pseudo-random order: sort by SHA-256(seed + key). No RNG state, no platform drift. */
export function shuffledBy(items, seed, keyOf) {
  return items
    .map((item) => ({ item, k: sha256Hex(`${seed}\u0000${keyOf(item)}`) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.item);
}

/** Stratified split of `items` (already shuffled) into named parts of the given sizes per label. */
export function stratifiedTake(items, labelOf, sizesPerLabel) {
  const byLabel = new Map();
  for (const it of items) {
    const l = labelOf(it);
    if (!byLabel.has(l)) byLabel.set(l, []);
    byLabel.get(l).push(it);
  }
  const out = {};
  for (const [label, list] of [...byLabel.entries()].sort()) {
    let at = 0;
    for (const [split, sizes] of Object.entries(sizesPerLabel)) {
      const n = sizes[label] ?? 0;
      if (at + n > list.length) throw new Error(`not enough "${label}" rows for ${split}: need ${n}, have ${list.length - at}`);
      (out[split] ??= []).push(...list.slice(at, at + n));
      at += n;
    }
  }
  return out;
}

/** Collapse whitespace and cut at a word boundary near `max` characters. */
export function cleanText(s, max = 1000) {
  let t = s.replace(/\s+/g, ' ').trim();
  if (t.length > max) {
    const cut = t.lastIndexOf(' ', max);
    t = t.slice(0, cut > max * 0.8 ? cut : max).trimEnd() + ' …';
  }
  return t;
}

export function writeJsonlGz(dir, file, rows) {
  const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const gz = gzipSync(new TextEncoder().encode(text), { level: 9, mtime: 0 });
  writeFileSync(join(dir, file), gz);
  return { file, rows: rows.length, bytes: gz.length, sha256: sha256Hex(gz) };
}

export function writeManifest(id, manifest) {
  const dir = join(OUT_ROOT, id);
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export function outDir(id) {
  const dir = join(OUT_ROOT, id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function readNpmPackage(name) {
  const dir = join(CACHE, 'node_modules', name);
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) {
    throw new Error(`${name} is not installed. Run: npm install --prefix tools/.cache --no-save ${name}`);
  }
  return { dir, pkg: JSON.parse(readFileSync(pkgFile, 'utf8')) };
}

export function countLabels(rows) {
  const c = {};
  for (const r of rows) c[r.label] = (c[r.label] ?? 0) + 1;
  return c;
}

/** Write every split and the manifest; `splits` maps split name → rows. */
export function writeDataset(id, meta, splits) {
  const dir = outDir(id);
  const files = {};
  for (const [split, rows] of Object.entries(splits)) {
    const info = writeJsonlGz(dir, `${split}.jsonl.gz`, rows);
    files[split] = { ...info, labelCounts: countLabels(rows) };
  }
  writeManifest(id, { ...meta, format: 'jsonl.gz', splits: files });
  console.log(
    `${id}: ${Object.entries(files)
      .map(([s, f]) => `${s}=${f.rows} (${(f.bytes / 1024).toFixed(0)} KB)`)
      .join(', ')}`,
  );
}
