// `blora export --format posterior` (issue 25, item 5): a B-LoRA-XS run and a SWAG-LoRA run on the
// tiny fixture model (c > 0, the ring of deviations wrapped), exported as posterior.safetensors +
// sample_posterior.py; the script, numpy only, redraws the run's S samples (its own Philox) and
// must reproduce the record's Bayesian-averaged test probabilities to 1e-5. The same script on the
// file with c doubled, or with its deviation rows in the wrong order, must not: the check would see
// a wrong scale or a wrong pairing of rows and random numbers. Methods without a posterior are refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenizerFromJson } from '../model/tokenizer_load';
import { parseSafetensors, serializeSafetensors } from '../model/safetensors';
import { adapterFileMetadata } from '../export/adapter_files';
import { unzipSync } from 'fflate';
import { posteriorZip } from '../export/posterior/posterior_file';
import { parseRunRecord, recordAdapterBytes, type RunRecord } from '../train/run_record';
import { labelledCsv, runCli, tinyLabelledRows } from './testing/cli_in_process';

const ROOT = join(__dirname, '..', '..');
const TINY = join(ROOT, 'src', 'model', '__fixtures__', 'tiny-bert');
const dir = mkdtempSync(join(tmpdir(), 'blora-posterior-'));
const rows = (n: number, seed: number) => tinyLabelledRows(n, seed);
const csv = labelledCsv;
const TEST = rows(12, 5);

const blora = runCli;

const records: Record<string, RunRecord> = {};
const recordPath = (method: string) => join(dir, `${method}.json`);

async function train(method: string, ...extra: string[]): Promise<void> {
  const common = ['--model', TINY, '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--backend', 'cpu', '--max-length', '32', '--quiet'];
  const swag = [
    '--K',
    '3',
    '--c',
    '0.5',
    '--S',
    '4',
    '--epochs',
    '3',
    '--swag-start',
    '1',
    '--collect-every',
    '2',
    '--batch',
    '8',
    '--lr',
    '0.02',
    '--lr-head',
    '0.02',
  ];
  const r = await blora('train', ...common, '--method', method, ...swag, ...extra, '--out', recordPath(method));
  expect(r.code, r.err).toBe(0);
  records[method] = parseRunRecord(readFileSync(recordPath(method), 'utf8'), recordPath(method));
}

beforeAll(async () => {
  writeFileSync(join(dir, 'train.csv'), csv(rows(40, 1)));
  writeFileSync(join(dir, 'test.csv'), csv(TEST));
  await train('b-lora-xs', '--r', '2');
  await train('swag-lora', '--r', '2');
  await train('laplace', '--r', '2');
  // The test split as the model's tokenizer encodes it: what a researcher hands the script.
  const tok = tokenizerFromJson(
    JSON.parse(readFileSync(join(TINY, 'tokenizer.json'), 'utf8')),
    JSON.parse(readFileSync(join(TINY, 'tokenizer_config.json'), 'utf8')),
  );
  const b = tok.encodeBatch(
    TEST.map((r) => r.text),
    { maxLength: 32, padding: 'longest' },
  );
  const split = (a: Int32Array) => Array.from({ length: b.batch }, (_, i) => Array.from(a.subarray(i * b.seqLen, (i + 1) * b.seqLen)));
  writeFileSync(
    join(dir, 'tokens.json'),
    JSON.stringify({ input_ids: split(b.inputIds), attention_mask: split(b.attentionMask), token_type_ids: split(b.tokenTypeIds) }),
  );
}, 300_000);

/** Runs the exported script on a posterior file; returns its probabilities [N][C]. */
function script(folder: string, file = join(folder, 'posterior.safetensors')): number[][] {
  const py = spawnSync('/usr/bin/python3', [join(folder, 'sample_posterior.py'), '--posterior', file, '--model', TINY, '--inputs', join(dir, 'tokens.json')], {
    encoding: 'utf8',
  });
  expect(py.status, py.stderr).toBe(0);
  return JSON.parse(py.stdout).probs;
}

const maxAbsDiff = (probs: number[][], rec: RunRecord) => Math.max(...probs.flat().map((p, i) => Math.abs(p - rec.splits.test!.probs[i])));

/** The file again with its header's posterior metadata changed, or its tensors. */
function rewritten(file: string, out: string, edit: (meta: Record<string, unknown>, tensors: ReturnType<typeof parseSafetensors>) => void): string {
  const bytes = new Uint8Array(readFileSync(file));
  const fileMeta = adapterFileMetadata(bytes);
  const meta = JSON.parse(fileMeta.posterior);
  const tensors = parseSafetensors(bytes, file);
  edit(meta, tensors);
  writeFileSync(out, serializeSafetensors(tensors, { ...fileMeta, posterior: JSON.stringify(meta) }));
  return out;
}

describe('blora export --format posterior', () => {
  it('B-LoRA-XS: the numpy script redraws the run samples and reproduces its test probabilities to 1e-5', async () => {
    const out = join(dir, 'bxs');
    const r = await blora('export', '--run', recordPath('b-lora-xs'), '--format', 'posterior', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'posterior.safetensors', 'sample_posterior.py']);
    const rec = records['b-lora-xs'];
    const meta = JSON.parse(adapterFileMetadata(new Uint8Array(readFileSync(join(out, 'posterior.safetensors')))).posterior);
    expect(meta).toMatchObject({ method: 'swag', run_method: 'b-lora-xs', K: 3, c: 0.5, S: 4, rows: 3, family: 'bert', label_names: rec.dataset.labelNames });
    // More collections than K: the ring wrapped, so the rows' pairing with z₂ is exercised.
    expect(meta.n).toBeGreaterThan(3);
    expect(meta.layout.map((m: { name: string }) => m.name)).toContain('bert.encoder.layer.1.output.dense');
    const probs = script(out);
    const diff = maxAbsDiff(probs, rec);
    console.log('B-LoRA-XS posterior: sample_posterior.py vs the run record test probabilities, max abs:', diff);
    expect(diff).toBeLessThan(1e-5);
    // The samples differ from the SWA mean: the check would notice a script that ignored the spread.
    const spread = (m: Record<string, unknown>) => {
      m.c = 0;
    };
    expect(maxAbsDiff(script(out, rewritten(join(out, 'posterior.safetensors'), join(dir, 'mean.safetensors'), spread)), rec)).toBeGreaterThan(1e-4);
    // A wrong scale c, or the deviation rows paired with the wrong random numbers, is seen.
    const doubled = rewritten(join(out, 'posterior.safetensors'), join(dir, 'c2.safetensors'), (m) => {
      m.c = 1;
    });
    expect(maxAbsDiff(script(out, doubled), rec)).toBeGreaterThan(1e-4);
    const shifted = rewritten(join(out, 'posterior.safetensors'), join(dir, 'rows.safetensors'), (m) => {
      m.ring_start = ((m.ring_start as number) + 1) % 3;
    });
    expect(maxAbsDiff(script(out, shifted), rec)).toBeGreaterThan(1e-4);
  });

  it('SWAG-LoRA: the posterior over LoRA A and B reproduces the run too', async () => {
    const out = join(dir, 'swag-lora');
    const r = await blora('export', '--run', recordPath('swag-lora'), '--format', 'posterior', '--out', out);
    expect(r.code, r.err).toBe(0);
    const diff = maxAbsDiff(script(out), records['swag-lora']);
    console.log('SWAG-LoRA posterior: sample_posterior.py vs the run record test probabilities, max abs:', diff);
    expect(diff).toBeLessThan(1e-5);
  });

  it('Laplace: the linearized predictive from the exported factors reproduces the run', async () => {
    const out = join(dir, 'laplace');
    const r = await blora('export', '--run', recordPath('laplace'), '--format', 'posterior', '--out', out);
    expect(r.code, r.err).toBe(0);
    const meta = JSON.parse(adapterFileMetadata(new Uint8Array(readFileSync(join(out, 'posterior.safetensors')))).posterior);
    expect(meta).toMatchObject({ method: 'laplace', run_method: 'laplace', P: 2 * 4 * 2 * 2 });
    const rec = records.laplace;
    const diff = maxAbsDiff(script(out), rec);
    console.log('Laplace posterior: sample_posterior.py vs the run record test probabilities, max abs:', diff);
    expect(diff).toBeLessThan(1e-5);
    // A wrong prior precision changes the logit covariance, and the check sees it.
    const wrong = rewritten(join(out, 'posterior.safetensors'), join(dir, 'delta.safetensors'), (m) => {
      m.prior_precision = (m.prior_precision as number) / 100;
    });
    expect(maxAbsDiff(script(out, wrong), rec)).toBeGreaterThan(1e-4);
  });

  it("the page's zip holds the same three files as the CLI folder", async () => {
    const rec = records['b-lora-xs'];
    const bytes = await recordAdapterBytes(rec, recordPath('b-lora-xs'));
    const adapters = [...parseSafetensors(bytes)].map(([name, t]) => ({ name, ...t }));
    const run = {
      runId: adapterFileMetadata(bytes).run_id,
      method: rec.method,
      adapters,
      dataset: { id: rec.dataset.id, name: rec.dataset.name, labelNames: rec.dataset.labelNames, sha256: rec.dataset.sha256 },
    };
    const files = unzipSync(posteriorZip(run, rec.model.id, 'posterior-run'));
    expect(Object.keys(files).sort()).toEqual(['posterior-run/README.md', 'posterior-run/posterior.safetensors', 'posterior-run/sample_posterior.py']);
    for (const name of ['posterior.safetensors', 'sample_posterior.py', 'README.md'])
      expect(Buffer.from(files[`posterior-run/${name}`]).equals(readFileSync(join(dir, 'bxs', name))), name).toBe(true);
  });

  it('a method without a posterior is refused, naming why; so is an adapter file (no K, c, S or seed)', async () => {
    const point = { ...JSON.parse(readFileSync(recordPath('b-lora-xs'), 'utf8')), method: { ...records['b-lora-xs'].method, kind: 'lora-xs' } };
    writeFileSync(join(dir, 'point.json'), JSON.stringify(point));
    const r = await blora('export', '--run', join(dir, 'point.json'), '--format', 'posterior', '--out', join(dir, 'x'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--format posterior: LoRA-XS.* has no posterior to export: it is one trained model \(a point estimate\)/);
    const st = join(dir, 'st');
    expect((await blora('export', '--run', recordPath('b-lora-xs'), '--format', 'safetensors', '--out', st)).code).toBe(0);
    const a = await blora('export', '--adapter', join(st, 'adapters.safetensors'), '--model', TINY, '--format', 'posterior', '--out', join(dir, 'y'));
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/--format posterior needs --run RUN\.json/);
  });
});
