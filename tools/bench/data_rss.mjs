#!/usr/bin/env node
// Peak memory of the CLI's data path (src/cli/data_args.ts: parse, map, split) on generated TSV
// files, so the bound stated in src/data/README.md can be checked. The files go to /tmp and are
// removed afterwards; nothing big is committed.
//   node tools/bench/data_rss.mjs [--shape=text|short|wide] [sizes in MB, default 20 100 190]
// Each size runs in a fresh Node process (default heap limit) and prints its peak RSS.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const dir = '/tmp/blora-data-rss';
const args = process.argv.slice(2);
const shape = args.find((a) => a.startsWith('--shape='))?.slice(8) ?? 'text';
const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
const mb = 1024 * 1024;

const WORDS =
  'the a film was not good bad great plot acting story boring loved it its and but very quite slow fast funny dark long short music scene end'.split(' ');

/** One row of the given shape: 'text' = a 40–300 character text and a label; 'short' = a 5–20
 *  character text (per-row overhead dominates); 'wide' = an id, the text, a label and 7 short columns. */
function row(shape, rnd) {
  const target = shape === 'short' ? 5 + Math.floor(rnd() * 15) : 40 + Math.floor(rnd() * 260);
  let t = '';
  while (t.length < target) t += (t ? ' ' : '') + WORDS[Math.floor(rnd() * WORDS.length)];
  const label = Math.floor(rnd() * 4);
  if (shape !== 'wide') return `${t}\t${label}`;
  const extra = Array.from({ length: 7 }, (_, i) => (i % 2 ? Math.floor(rnd() * 1000) : WORDS[Math.floor(rnd() * WORDS.length)]));
  return `${Math.floor(rnd() * 1e6)}\t${t}\t${label}\t${extra.join('\t')}`;
}

/** A TSV file of about `bytes` bytes with header `text<TAB>label` (rows drawn from a pool of 20,000). */
function generate(path, bytes, shape) {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const pool = Array.from({ length: 20000 }, () => row(shape, rnd));
  const fd = openSync(path, 'w');
  writeSync(fd, shape === 'wide' ? `id\ttext\tlabel\t${Array.from({ length: 7 }, (_, i) => `meta${i}`).join('\t')}\n` : 'text\tlabel\n');
  let written = 0;
  while (written < bytes) {
    const lines = [];
    for (let i = 0; i < 20000; i++) lines.push(pool[Math.floor(rnd() * pool.length)]);
    const chunk = `${lines.join('\n')}\n`;
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
}

/** The data path as a library: src/cli/data_args.ts bundled like the CLI (vite.cli.config.ts). */
async function bundle() {
  execFileSync(process.execPath, [join(root, 'tools/build-wasm.mjs')], { stdio: 'inherit' }); // as prebuild:cli does
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: join(root, 'src/cli/data_args.ts'),
      // Inside the repository (tools/.cache is ignored), so the bundle finds node_modules.
      outDir: join(root, 'tools/.cache/data_rss'),
      emptyOutDir: true,
      target: 'node20',
      rollupOptions: { output: { entryFileNames: 'data_args.js', format: 'es' } },
    },
    ssr: { external: ['webgpu', 'onnxruntime-web'] },
  });
  return join(root, 'tools/.cache/data_rss/data_args.js');
}

const DRIVER = `
const { datasetFromArgs } = await import(process.argv[1]);
const t0 = performance.now();
const ds = await datasetFromArgs({ train: process.argv[2], 'text-col': 'text', 'label-col': 'label' }, async () => { throw new Error('no built-ins'); });
const seconds = (performance.now() - t0) / 1000;
globalThis.gc?.();
const m = process.memoryUsage();
console.log(JSON.stringify({ rows: ds.train.length + ds.validation.length + ds.test.length, seconds, heapUsedAfterGc: m.heapUsed, rssEnd: m.rss, maxRss: process.resourceUsage().maxRSS * 1024 }));
`;

mkdirSync(dir, { recursive: true });
const entry = await bundle();
const load = loadavg().map((x) => x.toFixed(2));
console.log(`machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`load average at start: ${load.join(' / ')} (${execFileSync('uptime', { encoding: 'utf8' }).trim()})`);
console.log(`rows: ${shape}`);
console.log('| file | rows | seconds | peak RSS | peak RSS / file | heap kept after GC |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const size of sizes.length ? sizes : [20, 100, 190]) {
  const path = join(dir, `data_${size}mb.tsv`);
  generate(path, size * mb, shape);
  const fileBytes = statSync(path).size;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', DRIVER, entry, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
  rmSync(path, { force: true });
  if (r.status !== 0) {
    console.log(`| ${(fileBytes / mb).toFixed(0)} MB | failed (exit ${r.status ?? r.signal}) | | | | |`);
    console.error(r.stderr.slice(-2000));
    continue;
  }
  const o = JSON.parse(r.stdout.trim().split('\n').pop());
  console.log(
    `| ${(fileBytes / mb).toFixed(0)} MB | ${o.rows.toLocaleString('en-US')} | ${o.seconds.toFixed(1)} | ${(o.maxRss / mb).toFixed(0)} MB | ` +
      `${(o.maxRss / fileBytes).toFixed(1)}× | ${(o.heapUsedAfterGc / mb).toFixed(0)} MB |`,
  );
}
rmSync(dir, { recursive: true, force: true });
