import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError } from './errors';
import { fakeServer } from './testing/fake_fetch';
import { type LoadedModel, loadModel } from './loader';
import { nodeDirSource } from './node_dir_source';
import { parseSafetensors, serializeSafetensors } from './safetensors';
import { hubSource, urlSource } from './sources';

const FIX = join(__dirname, '__fixtures__');
const dirFiles = (dir: string) => new Map(readdirSync(join(FIX, dir)).map((n) => [n, new Uint8Array(readFileSync(join(FIX, dir, n)))]));
const original = () => parseSafetensors(readFileSync(join(FIX, 'tiny-bert', 'model.safetensors')));
const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const SHARDS = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];

/** tiny-bert's config and tokenizer plus the given weight files, behind a fake server. */
function served(weights: Map<string, Uint8Array>, base = 'https://models.example/m/') {
  const files = new Map<string, Uint8Array>([...dirFiles('tiny-bert')].filter(([n]) => !/safetensors|onnx|json$/.test(n) || n === 'config.json'));
  for (const [n, b] of weights) files.set(n, b);
  const server = fakeServer(new Map([...files].map(([n, b]) => [base + n, b])));
  const gets = () => server.requests.filter((r) => r.method === 'GET').map((r) => r.url.slice(base.length));
  return { server, gets, source: urlSource(base, { fetch: server.fetch }) };
}

const weightsOf = (dir: string, names: string[]) => new Map([...dirFiles(dir)].filter(([n]) => names.includes(n)));
const shardFiles = () => weightsOf('tiny-bert-sharded', ['model.safetensors.index.json', ...SHARDS]);
const binFile = () => weightsOf('tiny-bert-torch', ['pytorch_model.bin']);

function expectOriginalWeights(m: LoadedModel) {
  const t = original();
  expect([...m.weights.keys()].sort()).toEqual([...t.keys()].sort());
  for (const [name, v] of t) {
    expect(m.weights.get(name)!.shape, name).toEqual(v.shape);
    expect(m.weights.get(name)!.data, name).toEqual(v.data);
  }
  expect(m.hasPooler).toBe(true);
  expect(m.tokenizer.tokenize('Hello, world!')).toEqual(['hello', ',', 'world', '!']);
}

async function loadError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return e as ModelError;
  }
  throw new Error('expected the load to fail');
}

describe('other checkpoint formats load to the same tensors', () => {
  it('a bert-tiny-style folder: config.json, vocab.txt and pytorch_model.bin only', async () => {
    const m = await loadModel(nodeDirSource(join(FIX, 'tiny-bert-torch')));
    expectOriginalWeights(m);
    expect(m.tokenizerFile).toBe('vocab.txt');
    expect(m.ignoredTensors).toEqual(['bert.embeddings.position_ids']);
    expect(m.sizeBytes).toBe(['config.json', 'vocab.txt', 'pytorch_model.bin'].reduce((s, n) => s + readFileSync(join(FIX, 'tiny-bert-torch', n)).length, 0));
  });

  it('a sharded safetensors folder: the index and both shards', async () => {
    const read: string[] = [];
    const m = await loadModel(nodeDirSource(join(FIX, 'tiny-bert-sharded')), { onFile: (n) => read.push(n) });
    expectOriginalWeights(m);
    expect(read.filter((n) => /safetensors/.test(n))).toEqual(['model.safetensors.index.json', ...SHARDS]);
  });

  it('a Hub id at a revision: shards come from resolve/<revision>/', async () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const base = `https://huggingface.co/someone/tiny-sharded/resolve/${sha}/`;
    const { server, gets } = served(shardFiles(), base);
    const m = await loadModel(hubSource('someone/tiny-sharded', { revision: sha, fetch: server.fetch }));
    expectOriginalWeights(m);
    expect(server.requests.every((r) => r.url.startsWith(base))).toBe(true);
    expect(gets().filter((n) => /safetensors/.test(n))).toEqual(['model.safetensors.index.json', ...SHARDS]);
  });
});

describe('which weight file is read', () => {
  it('model.safetensors first, then the sharded index, then pytorch_model.bin', async () => {
    const all = new Map([...shardFiles(), ...binFile(), ['model.safetensors', new Uint8Array(readFileSync(join(FIX, 'tiny-bert', 'model.safetensors')))]]);
    let s = served(all);
    expectOriginalWeights(await loadModel(s.source));
    expect(s.gets().filter((n) => /safetensors|\.bin/.test(n))).toEqual(['model.safetensors']);

    all.delete('model.safetensors');
    s = served(all);
    expectOriginalWeights(await loadModel(s.source));
    expect(s.gets()).not.toContain('pytorch_model.bin');

    s = served(binFile());
    expectOriginalWeights(await loadModel(s.source));
    expect(s.gets()).toContain('pytorch_model.bin');
  });

  it('none present: the error lists what was looked for', async () => {
    const e = await loadError(loadModel(served(new Map()).source));
    expect([e.code, e.file]).toEqual(['missing_file', 'model.safetensors']);
    expect(e.message).toContain('looked for model.safetensors, model.safetensors.index.json, pytorch_model.bin');
  });

  it('shard sizes count against the limit before any shard is downloaded', async () => {
    const { source, gets } = served(shardFiles());
    const e = await loadError(loadModel(source, { maxBytes: 40_000 }));
    expect(e.code).toBe('too_large');
    expect(gets().filter((n) => SHARDS.includes(n))).toEqual([]);
  });
});

describe('bad checkpoints are refused with the file named', () => {
  it('a missing shard, a shard outside the folder, an index naming a tensor its shard lacks', async () => {
    const files = shardFiles();
    files.delete(SHARDS[1]);
    let e = await loadError(loadModel(served(files).source));
    expect([e.code, e.file]).toEqual(['missing_file', SHARDS[1]]);

    const index = JSON.parse(new TextDecoder().decode(shardFiles().get('model.safetensors.index.json')!));
    for (const bad of ['../model.safetensors', 'sub/x.safetensors', 'x.bin']) {
      const f = shardFiles();
      f.set('model.safetensors.index.json', json({ ...index, weight_map: { ...index.weight_map, 'pooler.dense.bias': bad } }));
      e = await loadError(loadModel(served(f).source));
      expect([e.code, e.file], bad).toEqual(['bad_weights', 'model.safetensors.index.json']);
      expect(e.message).toContain(JSON.stringify(bad));
    }

    const f = shardFiles();
    f.set('model.safetensors.index.json', json({ ...index, weight_map: { ...index.weight_map, 'pooler.dense.bias': SHARDS[0] } }));
    e = await loadError(loadModel(served(f).source));
    expect([e.code, e.file, e.tensor]).toEqual(['bad_weights', SHARDS[0], 'pooler.dense.bias']);
  });

  it('a pytorch_model.bin whose pickle calls os.system, and a legacy tar checkpoint', async () => {
    const evil = new Map([['pytorch_model.bin', new Uint8Array(readFileSync(join(FIX, 'torch-pickle', 'malicious.bin')))]]);
    let e = await loadError(loadModel(served(evil).source));
    expect([e.code, e.file]).toEqual(['bad_weights', 'pytorch_model.bin']);
    expect(e.message).toMatch(/refusing pickle global posix\.system .*nothing was executed/);

    const tar = new Uint8Array(2048);
    tar.set(new TextEncoder().encode('ustar'), 257);
    e = await loadError(loadModel(served(new Map([['pytorch_model.bin', tar]])).source));
    expect(e.code).toBe('bad_weights');
    expect(e.message).toMatch(/pytorch_model\.bin: is in the tar checkpoint format/);
  });

  it('a pytorch_model.bin with a wrong shape names the tensor and the file', async () => {
    const { source } = served(binFile());
    const cfg = JSON.parse(readFileSync(join(FIX, 'tiny-bert', 'config.json'), 'utf8'));
    const src = { ...source, read: async (n: string) => (n === 'config.json' ? json({ ...cfg, intermediate_size: 48 }) : source.read(n)) };
    const e = await loadError(loadModel(src));
    expect([e.code, e.file, e.tensor]).toEqual(['tensor_shape', 'pytorch_model.bin', 'encoder.layer.0.intermediate.dense.weight']);
  });
});

describe('non-finite weights are refused at load, naming the tensor', () => {
  it('a pytorch_model.bin (BF16) with one NaN in one tensor', async () => {
    // tools/golden/torch_bin_fixtures.py: NAN_TENSOR at NAN_AT
    const nan = new Map([['pytorch_model.bin', new Uint8Array(readFileSync(join(FIX, 'torch-pickle', 'nan_weights.bin')))]]);
    const e = await loadError(loadModel(served(nan).source));
    expect([e.code, e.file, e.tensor]).toEqual(['bad_weights', 'pytorch_model.bin', 'bert.encoder.layer.1.attention.output.dense.weight']);
    expect(e.message).toContain(
      'pytorch_model.bin: tensor "bert.encoder.layer.1.attention.output.dense.weight" holds NaN at [3, 5] (1 of 1,024 values are not finite): the checkpoint is damaged',
    );
  });

  it('model.safetensors: an F16 infinity, and an F32 NaN (in a shard too)', async () => {
    // tiny-bert's model.safetensors is F16: +Inf is 0x7c00. Put it in the last element of the pooler bias.
    const bytes = new Uint8Array(readFileSync(join(FIX, 'tiny-bert', 'model.safetensors')));
    const dv = new DataView(bytes.buffer);
    const hlen = Number(dv.getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen)));
    const [, end] = header['pooler.dense.bias'].data_offsets;
    dv.setUint16(8 + hlen + end - 2, 0x7c00, true);
    let e = await loadError(loadModel(served(new Map([['model.safetensors', bytes]])).source));
    expect([e.code, e.file, e.tensor]).toEqual(['bad_weights', 'model.safetensors', 'pooler.dense.bias']);
    expect(e.message).toContain('tensor "pooler.dense.bias" holds Infinity at [31] (1 of 32 values are not finite)');

    const f = shardFiles();
    const second = parseSafetensors(f.get(SHARDS[1])!);
    const name = [...second.keys()][0];
    second.get(name)!.data[0] = Number.NaN;
    f.set(SHARDS[1], serializeSafetensors(second) as Uint8Array<ArrayBuffer>);
    e = await loadError(loadModel(served(f).source));
    expect([e.code, e.file, e.tensor]).toEqual(['bad_weights', SHARDS[1], name]);
    expect(e.message).toContain(`tensor "${name}" holds NaN at [0`);
  });
});
