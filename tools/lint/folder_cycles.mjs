#!/usr/bin/env node
// Fails when folders under src/ import each other in a cycle (issues 16 and 23): the dependency
// direction of ARCHITECTURE.md must hold at every depth (engine/bert and engine/adapters are
// folders of their own, and so are methods and methods/common). Test files count, as the folder
// that holds them: a test may import downwards only, like the code beside it. A `testing/` folder
// (test support: fixtures, fakes, helpers) belongs to the folder that holds it. Files directly in
// src/ are the page entries, "app". Type-only imports count too: they couple the folders just the
// same. It also fails when production code imports test support (a `testing/` folder or a test),
// and when a module that only tests import lives outside a `testing/` folder.
// Usage: node tools/lint/folder_cycles.mjs [--graph] [--depth N]
//   --graph prints the folder edges; --depth N merges folders below depth N into their ancestor
//   (--depth 1: the top-level folders, as ARCHITECTURE.md's diagram draws them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');
const depthArg = process.argv.indexOf('--depth');
const depth = depthArg > 0 ? Number(process.argv[depthArg + 1]) : Infinity;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === '__fixtures__' || name === 'generated' ? [] : files(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const isTest = (file) => /\.(test|spec)\.tsx?$/.test(file);
const isTestSupport = (file) => relative(src, file).split(sep).includes('testing');

const folderOf = (file) => {
  const dirs = relative(src, file).split(sep).slice(0, -1);
  const own = dirs.filter((d) => d !== 'testing').slice(0, depth);
  return own.length ? own.join('/') : 'app';
};

function resolveImport(file, spec) {
  const target = resolve(dirname(file), spec);
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, join(target, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  // Not found (a generated file, an asset): its folder is still the edge's end.
  return `${target}.ts`;
}

// Entry points that tests also import (the CLI's, bundled by vite.cli.config.ts).
const ENTRIES = new Set(['cli/main.ts']);
const edges = new Map();
const why = new Map();
const testSupportImports = [];
const importers = new Map();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const from = folderOf(file);
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolveImport(file, m[1]);
    if (!target.startsWith(src + sep)) continue;
    if (!isTest(file) && !isTestSupport(file) && (isTest(target) || isTestSupport(target))) {
      testSupportImports.push(`${relative(root, file)} imports ${m[1]}`);
    }
    if (!importers.has(target)) importers.set(target, []);
    importers.get(target).push(file);
    const to = folderOf(target);
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
let failed = false;
// A module that only tests import is test support: it lives in a testing/ folder.
const misplaced = [...importers]
  .filter(([target]) => /\.tsx?$/.test(target) && !isTest(target) && !isTestSupport(target) && !ENTRIES.has(relative(src, target).split(sep).join('/')))
  .filter(([, by]) => by.every((f) => isTest(f) || isTestSupport(f)))
  .map(([target]) => relative(root, target))
  .sort();
if (misplaced.length) {
  console.error(`modules only tests import, outside a testing/ folder (move them into one) (${misplaced.length}):`);
  for (const f of misplaced) console.error(`- ${f}`);
  failed = true;
}
if (testSupportImports.length) {
  console.error(`production code imports test support (a testing/ folder or a test) (${testSupportImports.length}):`);
  for (const line of testSupportImports) console.error(`- ${line}`);
  failed = true;
}
if (sccs.length) {
  console.error(`folder import cycles under src/ (${sccs.length}):`);
  for (const c of sccs) {
    console.error(`- ${c.join(' ⇄ ')}`);
    for (const a of c) for (const b of c) if (a !== b && edges.get(a)?.has(b)) console.error(`    ${a} → ${b}: ${why.get(`${a}->${b}`)}`);
  }
  failed = true;
}
if (failed) process.exit(1);
console.log(
  `no folder import cycles under src/ at any depth, tests included (${edges.size} folders with imports); no production import of test support; test support in testing/ folders`,
);
