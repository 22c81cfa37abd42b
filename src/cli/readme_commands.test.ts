// Commands the README shows, through the CLI bundle as a user runs them (built once here; one file,
// so that no other test rebuilds dist-cli under a running command):
// - `blora embed` with a text pair, and with --compare-onnx on both CPU backends;
// - `npm run bench` in its quick form: every contestant this machine has produces a finite median,
//   and docs-style Markdown is written. The PyTorch peer needs Debian's python3-torch; where it is
//   missing the run says so in its notes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SECTION_END, SECTION_START } from '../bench/compare/report';

const ROOT = join(__dirname, '..', '..');

const blora = (...args: string[]) => execFileSync(process.execPath, ['bin/blora.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });

beforeAll(() => { execFileSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: 'pipe' }); }, 120_000);

describe('blora embed', () => {
  it('prints the tokens, the pooled output and logits of a text pair', () => {
    const out = JSON.parse(blora('embed', '--text', 'a fine film', '--text-pair', 'it was good'));
    expect(out.tokens).toEqual(['[CLS]', 'a', 'fine', 'film', '[SEP]', 'it', 'was', 'good', '[SEP]']);
    expect(out.pooled_output).toHaveLength(128);
    expect(out.logits).toHaveLength(2);
    expect(out.backend).toMatch(/WebAssembly SIMD/);
  });
  for (const backend of ['wasm', 'cpu']) {
    it(`--compare-onnx: the pooled output matches onnxruntime-web (${backend})`, () => {
      const out = JSON.parse(blora('embed', '--text', 'a fine film', '--compare-onnx', '--backend', backend));
      expect(out.onnx.pooler_output_max_abs_diff).toBeLessThan(1e-5);
    });
  }
});

describe('blora bench compare --quick', () => {
  it('measures ours against onnxruntime and TensorFlow.js and writes the JSON and the Markdown section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
    const json = join(dir, 'compare.json'), md = join(dir, 'benchmarks.md');
    writeFileSync(md, '# Benchmarks\n\nintro\n\n## Older section\n\nkept\n');
    const out = blora('bench', 'compare', '--quick', '--json', json, '--md', md);
    expect(out).toContain('Targets');
    const r = JSON.parse(readFileSync(json, 'utf8'));
    const names = (ts: { name: string; msMedian: number }[]) => ts.filter((t) => Number.isFinite(t.msMedian) && t.msMedian > 0).map((t) => t.name);
    expect(names(r.training)).toContain('ours, wasm, 1 thread');
    expect(names(r.forward)).toEqual(expect.arrayContaining(['ours, wasm, 1 thread', 'onnxruntime-web wasm, 1 thread', 'onnxruntime-web wasm, 2 threads', 'onnxruntime-node, 1 thread', 'onnxruntime-node, 2 threads']));
    expect(names(r.matmul[0].timings)).toEqual(expect.arrayContaining(['ours, wasm, 1 thread', 'TensorFlow.js wasm (XNNPACK), 1 thread', 'onnxruntime-web wasm MatMul, 1 thread']));
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
