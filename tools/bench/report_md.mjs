#!/usr/bin/env node
// Turns the JSON of `blora bench engine --json` and `blora bench mc --json` into the Markdown tables
// of docs/benchmarks.md, so the document quotes the figures exactly as measured.
//   node tools/bench/report_md.mjs bench-results/engine.json bench-results/mc.json
import { readFileSync } from 'node:fs';

const p3 = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3));
const row = (cells) => `| ${cells.join(' | ')} |`;
const table = (header, rows) => [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');

for (const file of process.argv.slice(2)) {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  const m = d.machine;
  console.log(`<!-- ${file}, ${d.date} -->`);
  console.log(
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${m.loadAverage ? `, load average ${m.loadAverage.join(' / ')} at the start` : ''}` +
      (m.adapter
        ? `; WebGPU adapter ${m.adapter.vendor} ${m.adapter.architecture} (${m.adapter.description})${m.adapter.software ? ', software adapter' : ''}`
        : '') +
      (d.model ? `; model: ${d.model}` : '') +
      '.\n',
  );
  if (d.kind === 'engine') {
    const tr = d.figures.filter((f) => f.train);
    if (tr.length) {
      console.log(
        table(
          ['backend', 'warm-up + timed steps', 'ms/step', 'examples/s', 'GFLOP/step', 'GFLOP/s'],
          tr.map(({ backend, train: t }) => [
            backend,
            `${t.warmup} + ${t.steps}`,
            p3(t.msPerStep),
            p3(t.examplesPerSec),
            (t.flopsPerStep / 1e9).toFixed(3),
            p3(t.gflops),
          ]),
        ),
      );
      console.log();
    }
    const cpu = d.figures.flatMap((f) => f.matmul?.cpu ?? []);
    if (cpu.length) {
      console.log(
        table(
          ['n', 'naive ms', 'naive GFLOP/s', 'blocked ms', 'blocked GFLOP/s', 'blocked / naive'],
          cpu.map((t) => [t.n, p3(t.naiveMs), p3((2 * t.n ** 3) / (t.naiveMs * 1e6)), p3(t.blockedMs), p3(t.gflopsBlocked), `${t.speedup.toFixed(2)}×`]),
        ),
      );
      console.log();
    }
    for (const f of d.figures.filter((x) => x.matmul?.webgpu)) {
      console.log(
        table(
          ['n', 'reps', 'ms', 'GFLOP/s', 'sampled rel. error'],
          f.matmul.webgpu.map((t) => [t.n, t.reps, p3(t.ms), p3(t.gflops), t.sampleRelErr.toExponential(1)]),
        ),
      );
      console.log();
    }
    if (d.browser) {
      const b = d.browser;
      console.log(
        `Chromium ${b.chromium}, adapter ${b.adapter.description || b.adapter.architecture}${b.adapter.software ? ' (software adapter)' : ''}, onnxruntime-web ${b.ortVersion}.\n`,
      );
      console.log(
        table(
          ['n', 'reps', 'ours ms', 'ours GFLOP/s', 'ORT ms', 'ORT GFLOP/s', 'ORT time / ours', 'max rel. diff'],
          b.results.map((r) => [
            r.n,
            r.reps,
            p3(r.ours.ms),
            p3(r.ours.gflops),
            p3(r.ort.ms),
            p3(r.ort.gflops),
            `${(r.ort.ms / r.ours.ms).toFixed(2)}×`,
            r.relDiff.toExponential(1),
          ]),
        ),
      );
      console.log();
    }
  } else if (d.kind === 'mc') {
    console.log(
      table(
        ['backend', 'deterministic ms (reps)', 'forward GFLOP/s', `S = ${d.results[0]?.mc.S} ms (reps)`, 'ratio'],
        d.results.map(({ backend, mc: r }) => [
          backend,
          `${p3(r.deterministicMs)} (${r.detReps})`,
          p3(r.deterministicGflops),
          `${p3(r.mcMs)} (${r.mcReps})`,
          `${r.ratio.toFixed(2)}×`,
        ]),
      ),
    );
    console.log();
  }
}
