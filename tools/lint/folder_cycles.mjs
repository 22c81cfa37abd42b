#!/usr/bin/env node
// Fails when the folders under src/ import each other in a cycle (issue 16): the dependency
// direction of ARCHITECTURE.md must hold. A folder is src/<name>/ (files directly in src/ are the
// page entries, "app"). Type-only imports count too: they couple the folders just the same.
// Usage: node tools/lint/folder_cycles.mjs [--graph]   (--graph prints the folder edges)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === '__fixtures__' || name === 'generated' ? [] : files(p);
    return /\.(ts|tsx)$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) ? [p] : [];
  });
}

const folderOf = (file) => {
  const rel = relative(src, file).split(sep);
  return rel.length > 1 ? rel[0] : 'app';
};

const edges = new Map();
const why = new Map();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const from = folderOf(file);
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src + sep)) continue;
    // `../metrics` is a folder's index: it belongs to that folder.
    const isDir = (() => {
      try {
        return statSync(target).isDirectory();
      } catch {
        return false;
      }
    })();
    const to = folderOf(isDir ? join(target, 'index.ts') : target + '.ts');
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    const key = `${from}->${to}`;
    if (!why.has(key)) why.set(key, `${relative(root, file)} imports ${m[1]}`);
  }
}

// Tarjan's strongly connected components: every component with more than one folder is a cycle.
let index = 0;
const idx = new Map(),
  low = new Map(),
  stack = [],
  on = new Set(),
  sccs = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) sccs.push(c.sort());
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);

if (process.argv.includes('--graph')) {
  for (const [f, ts] of [...edges].sort()) console.log(`${f} -> ${[...ts].sort().join(', ')}`);
}
if (sccs.length) {
  console.error(`folder import cycles under src/ (${sccs.length}):`);
  for (const c of sccs) {
    console.error(`- ${c.join(' ⇄ ')}`);
    for (const a of c) for (const b of c) if (a !== b && edges.get(a)?.has(b)) console.error(`    ${a} → ${b}: ${why.get(`${a}->${b}`)}`);
  }
  process.exit(1);
}
console.log(`no folder import cycles under src/ (${edges.size} folders with imports)`);
