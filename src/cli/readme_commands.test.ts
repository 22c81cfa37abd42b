// Commands the README shows, through the CLI bundle as a user runs them (built once here; one file,
// so that no other test rebuilds dist-cli under a running command):
// - `blora embed` with a text pair, and with --compare-onnx on both CPU backends;
// - `blora train --out` (the run record reproduces its metrics) and its refusal of a SWAG schedule
//   that cannot fill K; SIGTERM and SIGHUP sent to a training process (the partial record, 143 / 129); `blora export --run` on that record (the merged folder, run in onnxruntime-node);
//   `blora experiment` on the README's small grid;
// - `npm run bench` in its quick form: every contestant this machine has produces a finite median,
//   and docs-style Markdown is written. The PyTorch peer needs Debian's python3-torch; where it is
//   missing the run says so in its notes.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SECTION_END, SECTION_START } from '../bench/compare/report';
import { summarize } from '../metrics';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

const blora = (...args: string[]) => execFileSync(process.execPath, ['bin/blora.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 480_000 });

beforeAll(() => {
  execFileSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'pipe' });
}, 120_000);

describe('blora embed', () => {
  it('prints the tokens and the pooled output of a text pair (the embedded model has no classification head: no logits)', () => {
    const out = JSON.parse(blora('embed', '--text', 'a fine film', '--text-pair', 'it was good'));
    expect(out.tokens).toEqual(['[CLS]', 'a', 'fine', 'film', '[SEP]', 'it', 'was', 'good', '[SEP]']);
    expect(out.pooled_output).toHaveLength(128);
    expect(out.head).toBeNull();
    expect(out.logits).toBeUndefined();
    expect(out.note).toMatch(/no classification head was loaded/);
    expect(out.backend).toMatch(/WebAssembly SIMD/);
  });
  for (const backend of ['wasm', 'cpu']) {
    it(`--compare-onnx: the pooled output matches onnxruntime-web (${backend})`, () => {
      const out = JSON.parse(blora('embed', '--text', 'a fine film', '--compare-onnx', '--backend', backend));
      expect(out.onnx.pooler_output_max_abs_diff).toBeLessThan(1e-5);
    });
  }
});

describe('blora train --out: the run record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-record-'));
  const out = join(dir, 'run.json');
  it('holds the configuration, the data identity and per-example probabilities that reproduce its metrics', () => {
    // The README's command, as shown (128 training and 64 examples per evaluation split).
    const args = [
      'train',
      '--dataset',
      'fine-foods',
      '--method',
      'b-lora-xs',
      '--r',
      '8',
      '--K',
      '5',
      '--epochs',
      '8',
      '--swag-start',
      '3',
      '--max-train',
      '128',
      '--max-eval',
      '64',
    ];
    expect(README).toContain(`node bin/blora.mjs ${args.join(' ')} --out run.json`);
    blora(...args, '--out', out, '--quiet');
    const rec = JSON.parse(readFileSync(out, 'utf8'));
    expect(rec.format).toBe('blora-run-record');
    expect(rec.method).toMatchObject({ kind: 'b-lora-xs', r: 8, K: 5, epochs: 8, swagStart: 3, seed: 0 });
    expect(rec.model.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.dataset.sizes.train).toBe(128);
    const t = rec.splits.test;
    expect(t.probs).toHaveLength(t.n * t.nClasses);
    const s = summarize(Float32Array.from(t.probs), t.nClasses, Int32Array.from(t.labels), { nBins: 15 });
    expect(s.accuracy).toBeCloseTo(rec.metrics.accuracy, 12);
    expect(s.nll).toBeCloseTo(rec.metrics.nll, 6);
    expect(s.ece).toBeCloseTo(rec.metrics.ece, 6);
    expect(t.mutualInfo.some((x: number) => x > 0)).toBe(true);
    expect(rec.splits.ood.n).toBeGreaterThan(0);
  }, 300_000);

  it("blora export --run on it writes the README's merged model folder, which onnxruntime-node runs", async () => {
    const folder = join(dir, 'run-model');
    // The README's command, as shown (on the record the test above wrote).
    const printed = JSON.parse(blora('export', '--run', out, '--format', 'onnx', '--out', folder));
    expect(printed.model).toMatch(/SWAG posterior mean/);
    for (const f of ['model.onnx', 'README.md', 'config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', 'reference_command.sh'])
      expect(printed.files).toContain(f);
    const rec = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.values(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')).id2label)).toEqual(rec.dataset.labelNames);
    expect(readFileSync(join(folder, 'vocab.txt')).equals(readFileSync(join(ROOT, 'public', 'models', 'blora-tiny-uncased', 'vocab.txt')))).toBe(true);
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(join(folder, 'model.onnx'));
    const ids = [101, 1037, 2986, 2143, 102];
    const t = (a: number[]) => new ort.Tensor('int64', BigInt64Array.from(a, BigInt), [1, a.length]);
    const res = await session.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) });
    const p = [...(res.probabilities.data as Float32Array)];
    expect(p).toHaveLength(rec.dataset.labelNames.length);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(readFileSync(join(folder, 'reference_command.sh'), 'utf8')).toContain('experiment.lora_r=8');
    await session.release();
  }, 120_000);

  it('refuses a SWAG schedule that cannot fill K, with the numbers, before training', () => {
    expect(() =>
      blora('train', '--dataset', 'fine-foods', '--method', 'b-lora-xs', '--K', '10', '--epochs', '4', '--swag-start', '2', '--max-train', '64'),
    ).toThrow(/makes 2 collections: fewer than K = 10/);
  });

  it('refuses a path that is not a regular file, naming it, instead of reading it for minutes', () => {
    expect(() => blora('train', '--train', '/dev/zero', '--max-steps', '1')).toThrow(
      /blora train: Cannot read "\/dev\/zero": it is a device, not a regular file/,
    );
  });
});

describe('blora train stopped by SIGTERM or SIGHUP (a real signal to the process)', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: the partial run record is written and the exit code is ${code}`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), `train-${signal}-`)), 'run.json');
      const child = spawn(
        process.execPath,
        ['bin/blora.mjs', 'train', '--dataset', 'fine-foods', '--max-train', '64', '--max-eval', '32', '--epochs', '50', '--batch', '8', '--out', out],
        { cwd: ROOT },
      );
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      // At the first step line (training has started), once: a second signal would quit at once.
      let sent = false;
      child.stdout.on('data', (d) => {
        if (!sent && String(d).includes('step ')) sent = child.kill(signal);
      });
      const exit = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(exit, stderr).toBe(code);
      expect(stderr).toMatch(new RegExp(`interrupted at step \\d+ of \\d+ by ${signal}`));
      const rec = JSON.parse(readFileSync(out, 'utf8'));
      expect(rec).toMatchObject({ format: 'blora-run-record', status: 'interrupted' });
      expect(rec.steps).toBeLessThan(rec.totalSteps);
    }, 120_000);
  }
});

describe('blora experiment', () => {
  it("runs the README's small grid: same-trajectory rows, paired intervals and the posterior section", () => {
    const dir = mkdtempSync(join(tmpdir(), 'experiment-'));
    const json = join(dir, 'exp.json'),
      md = join(dir, 'exp.md');
    // The README's command, as shown.
    const args = [
      'experiment',
      '--dataset',
      'fine-foods',
      '--ranks',
      '2',
      '--seeds',
      '0,1',
      '--Ks',
      '0,2',
      '--cs',
      '0,2',
      '--epochs',
      '5',
      '--swag-start',
      '2',
      '--max-train',
      '64',
      '--max-eval',
      '64',
    ];
    expect(README).toContain(`node bin/blora.mjs ${args.join(' ')} --json exp.json --out exp.md`);
    blora(...args, '--json', json, '--out', md);
    const rec = JSON.parse(readFileSync(json, 'utf8'));
    expect(rec.partial).toBe(false);
    const methods = new Set(rec.rows.map((r: { method: string }) => r.method));
    for (const m of [
      'LoRA-XS',
      'LoRA-XS (MAP at SWAG start)',
      'LoRA-XS + temperature',
      'MC dropout',
      'L-LoRA-XS (Laplace)',
      'B-LoRA-XS',
      'B-LoRA-XS (SWA mean)',
      'LoRA',
      'SWAG-LoRA',
    ])
      expect(methods).toContain(m);
    const row = rec.rows.find((r: { method: string; K?: number; c?: number }) => r.method === 'B-LoRA-XS' && r.K === 2 && r.c === 2);
    expect(row.posterior.collected).toBe(3);
    expect(row.eceByBins).toHaveProperty('20');
    const test = rec.tests['fine-foods'];
    const s = summarize(Float32Array.from(row.testProbs), test.nClasses, Int32Array.from(test.labels), { nBins: 15 });
    expect(s.nll).toBeCloseTo(row.nll, 4);
    const doc = readFileSync(md, 'utf8');
    expect(doc).toContain('### Every method against LoRA-XS');
    expect(doc).toMatch(/\| fine-foods \| B-LoRA-XS K=2 c=2 − LoRA-XS \| 2 \| 2 \| 64 \| [+−]\d\.\d{3} \[/);
    expect(doc).toContain('### B-LoRA-XS against SWAG-LoRA');
    expect(doc).toContain('## The SWAG posteriors');
  }, 600_000);
});

describe('blora bench compare --quick', () => {
  it('measures ours against onnxruntime and TensorFlow.js and writes the JSON and the Markdown section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
    const json = join(dir, 'compare.json'),
      md = join(dir, 'benchmarks.md');
    writeFileSync(md, '# Benchmarks\n\nintro\n\n## Older section\n\nkept\n');
    const out = blora('bench', 'compare', '--quick', '--json', json, '--md', md);
    expect(out).toContain('Targets');
    const r = JSON.parse(readFileSync(json, 'utf8'));
    const names = (ts: { name: string; msMedian: number }[]) => ts.filter((t) => Number.isFinite(t.msMedian) && t.msMedian > 0).map((t) => t.name);
    expect(names(r.training)).toContain('ours, wasm, 1 thread');
    expect(names(r.forward)).toEqual(
      expect.arrayContaining([
        'ours, wasm, 1 thread',
        'onnxruntime-web wasm, 1 thread',
        'onnxruntime-web wasm, 2 threads',
        'onnxruntime-node, 1 thread',
        'onnxruntime-node, 2 threads',
      ]),
    );
    expect(names(r.matmul[0].timings)).toEqual(
      expect.arrayContaining(['ours, wasm, 1 thread', 'TensorFlow.js wasm (XNNPACK), 1 thread', 'onnxruntime-web wasm MatMul, 1 thread']),
    );
    const torch = names(r.training).includes('PyTorch, 1 thread');
    if (!torch) expect(r.notes.join(' ')).toMatch(/PyTorch peer unavailable/);
    expect(r.attention.ratio).toBeGreaterThan(0);
    const doc = readFileSync(md, 'utf8');
    expect(doc.indexOf(SECTION_START)).toBeGreaterThan(doc.indexOf('intro'));
    expect(doc.indexOf(SECTION_END)).toBeLessThan(doc.indexOf('## Older section'));
    expect(doc).toContain('| training step ≤ 4× PyTorch CPU 1-thread time |');
    expect(doc).toContain('kept');
  }, 300_000);
});
