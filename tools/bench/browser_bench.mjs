#!/usr/bin/env node
// Runs bench.html in Debian's Chromium and prints the figures: our WebGPU matmul vs onnxruntime-web's
// webgpu EP (--run matmul, the default), or our WebGPU encoder forward vs its webgpu EP on the
// embedded model with dispatch/submit counts per step (--run forward). Builds nothing: serves the
// existing dist/ (npm run build) with tools/serve.mjs.
//   node tools/bench/browser_bench.mjs [--run matmul|forward] [--sizes 256,512,1024] [--batch N --seq-len N] [--reps N] [--json FILE] [--timeout-s 900]
// Env: CHROMIUM_PATH (default /usr/bin/chromium), PORT (default 4391).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: v } = parseArgs({
  options: {
    run: { type: 'string' },
    sizes: { type: 'string' },
    batch: { type: 'string' },
    'seq-len': { type: 'string' },
    reps: { type: 'string' },
    json: { type: 'string' },
    'timeout-s': { type: 'string' },
  },
});
const port = Number(process.env.PORT ?? 4391);
const timeoutMs = Number(v['timeout-s'] ?? 900) * 1000;
const ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

if (!existsSync(join(root, 'dist', 'bench.html'))) {
  console.error('browser_bench: dist/bench.html is missing; run `npm run build` first.');
  process.exit(2);
}

/** Start tools/serve.mjs on `port` and resolve once it listens. */
function serve() {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(root, 'tools', 'serve.mjs')], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', rej);
    child.once('exit', (code) => rej(new Error(`tools/serve.mjs exited (${code}) before listening`)));
    child.stdout.on('data', (d) => {
      if (String(d).includes('Serving')) res(child);
    });
  });
}

function table(header, rows) {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  return [line(cells[0]), w.map((n) => '-'.repeat(n)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const server = await serve();
let browser;
let code = 0;
try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'log') console.log(`  [page] ${m.text()}`);
  });
  page.on('pageerror', (e) => console.error(`  [page error] ${e.message}`));
  const run = v.run ?? 'matmul';
  if (!['matmul', 'forward'].includes(run)) throw new Error(`--run must be matmul or forward, got "${run}"`);
  const q = new URLSearchParams({ run });
  if (v.sizes) q.set('sizes', v.sizes);
  if (v.batch) q.set('batch', v.batch);
  if (v['seq-len']) q.set('seqLen', v['seq-len']);
  if (v.reps) q.set('reps', v.reps);
  await page.goto(`http://127.0.0.1:${port}/bench.html?${q}`);
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: timeoutMs, polling: 500 });
  const out = JSON.parse(await page.textContent('#results'));
  if (out.error) throw new Error(`bench page: ${out.error}`);
  out.chromium = browser.version();
  const a = out.adapter;
  console.log(
    `Chromium ${out.chromium}, adapter ${a.description || a.architecture}${a.software ? ' (software adapter)' : ''}, onnxruntime-web ${out.ortVersion ?? '?'}`,
  );
  if (run === 'forward') {
    const f = out.forward;
    console.log(
      table(
        [
          'batch × length',
          'reps',
          'ours ms',
          'ORT webgpu ms',
          'ours/ORT speed',
          'max |Δ logit|',
          'dispatches / forward',
          'dispatches / training step',
          'submits / training step',
        ],
        [
          [
            `${f.workload.batch} × ${f.workload.seqLen}`,
            f.reps,
            f.oursMs.toFixed(1),
            f.ortMs.toFixed(1),
            `${f.speedRatio.toFixed(2)}×`,
            f.maxAbsLogitDiff.toExponential(1),
            f.dispatchesPerForward,
            f.dispatchesPerTrainingStep,
            f.submitsPerTrainingStep,
          ],
        ],
      ),
    );
    if (out.profile?.length) {
      console.log('\nOne forward, by kernel (timestamp queries; one pass per dispatch):');
      console.log(
        table(
          ['kernel', 'dispatches', 'ms', 'share'],
          out.profile.map((k) => [k.kernel, k.dispatches, k.ms.toFixed(2), `${(100 * k.share).toFixed(1)} %`]),
        ),
      );
    }
  } else
    console.log(
      table(
        ['n', 'reps', 'ours ms', 'ours GFLOP/s', 'ORT ms', 'ORT GFLOP/s', 'ours/ORT speed', 'rel diff'],
        out.results.map((r) => [
          r.n,
          r.reps,
          r.ours.ms.toFixed(2),
          r.ours.gflops.toPrecision(3),
          r.ort.ms.toFixed(2),
          r.ort.gflops.toPrecision(3),
          `${(r.ort.ms / r.ours.ms).toFixed(2)}×`,
          r.relDiff.toExponential(1),
        ]),
      ),
    );
  if (v.json) {
    mkdirSync(dirname(resolve(v.json)), { recursive: true });
    writeFileSync(v.json, JSON.stringify(out, null, 2) + '\n');
  }
} catch (e) {
  console.error(`browser_bench: ${e.message}`);
  code = 1;
} finally {
  await browser?.close();
  server.kill();
}
process.exit(code);
