// docs/benchmarks.md's comparison section, rendered from a CompareResult (npm run bench), and the
// splice that replaces that section in the document and leaves the rest as it is.
import type { CompareResult } from './compare';
import type { Timing } from '../interleave';

export const SECTION_START = '<!-- npm run bench: start -->';
export const SECTION_END = '<!-- npm run bench: end -->';

const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const find = (ts: Timing[], name: string) => ts.find((t) => t.name === name);
const ratio = (a?: Timing, b?: Timing) => (a && b ? a.msMedian / b.msMedian : NaN);

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function timingTable(ts: Timing[], base: Timing | undefined, baseName: string, unit: string): string {
  return table(
    ['contestant', `wall ms/${unit} (median)`, `process CPU ms/${unit}`, `time ÷ ${baseName}`],
    ts.map((t) => [t.name, f(t.msMedian, 2), f(t.cpuMsMedian, 2), base ? `${f(t.msMedian / base.msMedian, 2)}×` : '—']),
  );
}

export function targetRows(r: CompareResult): { target: string; measured: string; met: boolean | null }[] {
  const T = r.threads;
  const ours1 = find(r.training, 'ours, wasm, 1 thread'),
    oursN = find(r.training, `ours, wasm, ${T} threads`);
  const pt1 = find(r.training, 'PyTorch, 1 thread'),
    pt2 = find(r.training, 'PyTorch, 2 threads');
  const fw1 = find(r.forward, 'ours, wasm, 1 thread'),
    fwN = find(r.forward, `ours, wasm, ${T} threads`),
    ort1 = find(r.forward, 'onnxruntime-web wasm, 1 thread');
  const mm = (n: number) => {
    const m = r.matmul.find((x) => x.n === n);
    const best = m?.timings.filter((t) => t.name.startsWith('ours')).sort((a, b) => a.msMedian - b.msMedian)[0];
    const one = m && find(m.timings, 'ours, wasm, 1 thread'),
      tfjs = m && find(m.timings, 'TensorFlow.js wasm (XNNPACK), 1 thread');
    return { one: tfjs && one ? tfjs.msMedian / one.msMedian : NaN, best: tfjs && best ? tfjs.msMedian / best.msMedian : NaN };
  };
  const m512 = mm(512),
    m1024 = mm(1024);
  const rows = [
    {
      target: 'training step ≤ 4× PyTorch CPU 1-thread time',
      measured: `1 thread: ${f(ratio(ours1, pt1), 2)}×` + (oursN && pt2 ? `; ${T} threads vs PyTorch 2 threads: ${f(ratio(oursN, pt2), 2)}×` : ''),
      met: pt1 && ours1 ? ratio(ours1, pt1) <= 4 : null,
    },
    {
      target: 'inference forward ≤ 1.5× onnxruntime-web wasm 1-thread time',
      measured: `1 thread: ${f(ratio(fw1, ort1), 2)}×` + (fwN ? `; ${T} threads: ${f(ratio(fwN, ort1), 2)}×` : ''),
      met: ort1 && fw1 ? ratio(fw1, ort1) <= 1.5 : null,
    },
    {
      target: 'matmul ≥ 0.8× TensorFlow.js wasm at 512 and 1024 (speed ratio, 1 thread each)',
      measured: `512: ${f(m512.one, 2)}×, 1024: ${f(m1024.one, 2)}×` + (T > 1 ? ` (ours with ${T} threads: ${f(m512.best, 2)}×, ${f(m1024.best, 2)}×)` : ''),
      met: Number.isFinite(m512.one) && Number.isFinite(m1024.one) ? m512.one >= 0.8 && m1024.one >= 0.8 : null,
    },
    {
      target: "attention time per FLOP within 1.5× of the matmul's at T = 128",
      measured: r.attention
        ? `${f(r.attention.ratio, 2)}× (attention ${f(r.attention.attentionGflops)} GFLOP/s, linear ${f(r.attention.linearGflops)} GFLOP/s)`
        : '—',
      met: r.attention ? r.attention.ratio <= 1.5 : null,
    },
  ];
  return rows;
}

export function renderCompare(r: CompareResult, command: string): string {
  const m = r.machine,
    p = m.peak,
    T = r.threads;
  const out: string[] = [SECTION_START, '## CPU engine against PyTorch, onnxruntime and TensorFlow.js (`npm run bench`)', ''];
  out.push(
    `Measured ${r.date.slice(0, 10)} by \`${command}\` on ${m.cpu} (${m.cores} cores, ${p.isa}, ${f(p.mhz, 0)} MHz), Node ${m.node};`,
    `load average (1/5/15 min) ${m.loadAverageStart.map((x) => f(x, 2)).join(' / ')} at the start, ${m.loadAverageEnd.map((x) => f(x, 2)).join(' / ')} at the end.`,
    `f32 peak of one core: ${f(p.nativeGflopsPerCore)} GFLOP/s native (FMA), ${f(p.wasmGflopsPerCore)} GFLOP/s for WebAssembly SIMD128 (no FMA, 4 lanes).`,
    `Our backend: the CPU backend on WebAssembly SIMD kernels (\`--backend wasm\`), 1 thread and ${T} threads (the default here).`,
    `${r.rounds} interleaved rounds after ${r.warmupRounds} warm-up rounds (every contestant once per round, rotating order); medians of the kept rounds.`,
    `Workload: ${r.workload.model}, batch ${r.workload.batch} × ${r.workload.seqLen} tokens, LoRA-XS r = ${r.workload.r} on query, value, attention output, FFN output; ${f(r.workload.flopsPerStep / 1e9, 3)} GFLOP per training step, ${f(r.workload.flopsPerForward / 1e9, 3)} per forward.`,
    '',
  );
  for (const n of r.notes) out.push(`> ${n}`, '');
  out.push(
    '### Targets',
    '',
    table(
      ['target', 'measured', 'met'],
      targetRows(r).map((t) => [t.target, t.measured, t.met === null ? 'not measured' : t.met ? 'yes' : '**no**']),
    ),
    '',
  );
  if (r.training.length) {
    out.push(
      '### Training step (forward with dropout, cross-entropy, backward, AdamW; loss read back)',
      '',
      timingTable(r.training, find(r.training, 'PyTorch, 1 thread'), 'PyTorch 1 thread', 'step'),
      '',
    );
    if (r.typescriptTrainingMs)
      out.push(
        `The TypeScript reference backend (\`--backend cpu\`, the twins the kernels are tested against) took ${f(r.typescriptTrainingMs, 0)} ms per step in the same run (1 warm-up + 2 steps, not interleaved).`,
        '',
      );
  }
  if (r.forward.length)
    out.push(
      '### Inference forward (logits of the batch read back)',
      '',
      timingTable(r.forward, find(r.forward, 'onnxruntime-web wasm, 1 thread'), 'onnxruntime-web 1 thread', 'forward'),
      '',
      'onnxruntime runs our merged export (src/export/onnx) of the same adapted model; PyTorch forward rows use its own random adapter and batch values of the same shapes.',
      '',
    );
  if (r.matmul.length) {
    out.push('### Square matmul (C = A·B, f32; ours includes copying A, B in and C out of the WebAssembly heap, as onnxruntime does)', '');
    const rows: (string | number)[][] = [];
    for (const mm of r.matmul) {
      const tfjs = find(mm.timings, 'TensorFlow.js wasm (XNNPACK), 1 thread');
      for (const t of mm.timings) {
        const g = (2 * mm.n ** 3) / (t.msMedian * 1e6),
          threads = /(\d+) threads/.exec(t.name)?.[1];
        const cores = threads ? Number(threads) : 1;
        rows.push([
          mm.n,
          t.name,
          f(t.msMedian, 2),
          f(g),
          `${f((100 * g) / (p.nativeGflopsPerCore * cores))} %`,
          `${f((100 * g) / (p.wasmGflopsPerCore * cores))} %`,
          tfjs ? `${f(tfjs.msMedian / t.msMedian, 2)}×` : '—',
        ]);
      }
    }
    out.push(table(['n', 'contestant', 'ms', 'GFLOP/s', '% of native f32 peak (its cores)', '% of the SIMD128 ceiling', 'speed ÷ TensorFlow.js'], rows), '');
  }
  if (r.scaling.length)
    out.push(
      '### How our training step grows (1 thread; 1 warm-up + median of 3 steps each)',
      '',
      table(
        ['batch', 'length T', 'r', 'ms/step', 'µs/token', 'weights'],
        r.scaling.map((s) => [s.batch, s.seqLen, s.r, f(s.msPerStep, 1), f(s.usPerToken, 1), s.model === r.workload.model ? 'the model' : s.model]),
      ),
      '',
    );
  if (r.attention) {
    const a = r.attention;
    out.push(
      `Attention at T = ${a.seqLen} (batch ${a.batch}, ${a.heads} heads of ${a.headDim}), forward + backward with dropout: ${f(a.attentionMs, 1)} ms, ${f(a.attentionGflops)} GFLOP/s;`,
      `the linear layer on the same ${a.batch * a.seqLen} tokens: ${f(a.linearGflops)} GFLOP/s. Attention's time per FLOP is ${f(a.ratio, 2)}× the linear layer's.`,
      '',
    );
  }
  out.push(SECTION_END);
  return out.join('\n');
}

/** Replaces the section between the markers, or inserts it after the document's first paragraph. */
export function spliceSection(doc: string, section: string): string {
  const a = doc.indexOf(SECTION_START),
    b = doc.indexOf(SECTION_END);
  if (a >= 0 && b > a) return doc.slice(0, a) + section + doc.slice(b + SECTION_END.length);
  const at = doc.indexOf('\n## ');
  return at < 0 ? `${doc.trimEnd()}\n\n${section}\n` : `${doc.slice(0, at)}\n${section}\n${doc.slice(at)}`;
}
