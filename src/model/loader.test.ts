import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, type LoadedModel } from './loader';
import { ModelError } from './errors';
import { nodeDirSource } from './node_dir_source';
import { embeddedSource, filesSource, hubBaseUrl, hubFileUrl, hubSource, urlSource, type FileLike } from './sources';
import { fakeServer } from './testing/fake_fetch';
import { parseSafetensors } from './safetensors';

const TINY = join(__dirname, '__fixtures__', 'tiny-bert');
const MODEL_FILES = ['config.json', 'vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors', 'model.onnx'];
const tinyFiles = (): Map<string, Uint8Array> => new Map(MODEL_FILES.map((n) => [n, new Uint8Array(readFileSync(join(TINY, n)))]));
const json = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const tinyConfig = () => JSON.parse(readFileSync(join(TINY, 'config.json'), 'utf8'));

function served(files: Map<string, Uint8Array>, base = 'https://models.example/tiny/', opts = {}) {
  const server = fakeServer(new Map([...files].map(([n, b]) => [base + n, b])), opts);
  return { server, source: urlSource(base, { fetch: server.fetch }) };
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

/** Raw safetensors writer (any dtype) so tests can build odd checkpoints. */
function rawSafetensors(entries: { name: string; dtype: string; shape: number[]; data: Uint8Array }[]): Uint8Array {
  const header: Record<string, unknown> = {};
  let off = 0;
  for (const e of entries) {
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [off, off + e.data.length] };
    off += e.data.length;
  }
  let h = JSON.stringify(header);
  h += ' '.repeat((8 - (h.length % 8)) % 8);
  const hb = new TextEncoder().encode(h);
  const out = new Uint8Array(8 + hb.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  let o = 8 + hb.length;
  for (const e of entries) {
    out.set(e.data, o);
    o += e.data.length;
  }
  return out;
}

const f32bytes = (a: Float32Array) => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));

function tinyTensors() {
  return parseSafetensors(readFileSync(join(TINY, 'model.safetensors')));
}

function expectTinyModel(m: LoadedModel) {
  expect(m.config.hiddenSize).toBe(32);
  expect(m.config.numHiddenLayers).toBe(2);
  expect(m.weights.size).toBe(5 + 16 * 2 + 2);
  expect(m.weights.get('encoder.layer.1.intermediate.dense.weight')!.shape).toEqual([64, 32]);
  expect(m.tokenizer.tokenize('Hello, world!')).toEqual(['hello', ',', 'world', '!']);
  expect(m.hasPooler).toBe(true);
}

describe('loadModel from each source', () => {
  it('a directory in Node (the CLI), with F16 weights converted to F32', async () => {
    const m = await loadModel(nodeDirSource(TINY));
    expectTinyModel(m);
    expect(m.tokenizerFile).toBe('tokenizer.json');
    expect(m.onnxBytes!.length).toBe(readFileSync(join(TINY, 'model.onnx')).length);
    expect(m.sizeBytes).toBe(
      ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors', 'model.onnx'].reduce((s, n) => s + readFileSync(join(TINY, n)).length, 0),
    );
    expect(m.existingClassifier).toBeUndefined();
    // F16 → F32 preserved the values torch saw (the fixture rounded to f16 before saving)
    const ln = m.weights.get('embeddings.LayerNorm.weight')!.data;
    expect(ln.every((x) => Math.abs(x - 1) < 0.5 && x !== 1)).toBe(true);
    const noOnnx = await loadModel(nodeDirSource(TINY), { includeOnnx: false });
    expect(noOnnx.onnxBytes).toBeUndefined();
  });

  it('the embedded default, relative to the app base URL', async () => {
    const files = tinyFiles();
    const { server } = served(files, '/app/models/blora-tiny-uncased/');
    const m = await loadModel(embeddedSource('/app/', { fetch: server.fetch }));
    expectTinyModel(m);
    expect(m.id).toBe('blora-tiny-uncased');
    expect(server.requests.some((r) => r.url === '/app/models/blora-tiny-uncased/model.safetensors' && r.method === 'GET')).toBe(true);
  });

  it('a Hugging Face Hub id → resolve/main URLs', async () => {
    expect(hubFileUrl('bert-base-uncased', 'config.json')).toBe('https://huggingface.co/bert-base-uncased/resolve/main/config.json');
    expect(hubFileUrl('google/bert_uncased_L-2_H-128_A-2', 'vocab.txt')).toBe(
      'https://huggingface.co/google/bert_uncased_L-2_H-128_A-2/resolve/main/vocab.txt',
    );
    expect(hubBaseUrl(' prajjwal1/bert-tiny ', 'v1.0')).toBe('https://huggingface.co/prajjwal1/bert-tiny/resolve/v1.0/');
    for (const bad of ['', '../etc', 'a/b/c', 'owner/', '/name', 'a b', 'x/..']) {
      expect(() => hubBaseUrl(bad), bad).toThrow(ModelError);
    }
    const { server } = served(tinyFiles(), 'https://huggingface.co/someone/tiny-bert/resolve/main/');
    const m = await loadModel(hubSource('someone/tiny-bert', { fetch: server.fetch }));
    expectTinyModel(m);
    expect(m.id).toBe('hf:someone/tiny-bert');
  });

  it('picked or dropped Files, matched by name, shallowest first', async () => {
    const files = [...tinyFiles()].map(([n, b]) => new File([b.slice()], n));
    const m = await loadModel(filesSource(files));
    expectTinyModel(m);
    const fake = (path: string, text: string): FileLike => ({
      name: path.split('/').pop()!,
      size: text.length,
      webkitRelativePath: path,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    });
    const src = filesSource([fake('m/ckpt/config.json', 'deep'), fake('m/config.json', 'top')]);
    expect(src.id).toBe('m');
    expect(new TextDecoder().decode((await src.read('config.json'))!)).toBe('top');
    expect(await src.size('vocab.txt')).toBeNull();
  });

  it('falls back to vocab.txt + tokenizer_config.json without tokenizer.json', async () => {
    const files = tinyFiles();
    files.delete('tokenizer.json');
    const m = await loadModel(served(files).source);
    expect(m.tokenizerFile).toBe('vocab.txt');
    expect(m.tokenizer.modelMaxLength).toBe(64);
    expectTinyModel(m);
  });
});

describe('checkpoint layouts', () => {
  it('BertForSequenceClassification: bert. prefix, classifier reported, cls.* and I64 buffers ignored', async () => {
    const t = tinyTensors();
    const entries = [...t].map(([n, v]) => ({ name: 'bert.' + n, dtype: 'F32', shape: v.shape, data: f32bytes(v.data) }));
    entries.push({ name: 'bert.embeddings.position_ids', dtype: 'I64', shape: [1, 64], data: new Uint8Array(64 * 8) });
    entries.push({ name: 'classifier.weight', dtype: 'F32', shape: [3, 32], data: new Uint8Array(3 * 32 * 4) });
    entries.push({ name: 'classifier.bias', dtype: 'F32', shape: [3], data: new Uint8Array(12) });
    entries.push({
      name: 'cls.predictions.bias',
      dtype: 'F32',
      shape: [t.get('embeddings.word_embeddings.weight')!.shape[0]],
      data: new Uint8Array(4 * t.get('embeddings.word_embeddings.weight')!.shape[0]),
    });
    const files = tinyFiles();
    files.set('model.safetensors', rawSafetensors(entries));
    files.set('config.json', json({ ...tinyConfig(), architectures: ['BertForSequenceClassification'] }));
    const m = await loadModel(served(files).source);
    expectTinyModel(m);
    expect(m.existingClassifier).toEqual({ numLabels: 3, tensors: ['classifier.weight', 'classifier.bias'] });
    expect(m.ignoredTensors.sort()).toEqual(['bert.embeddings.position_ids', 'cls.predictions.bias']);
    expect(m.weights.has('classifier.weight')).toBe(false);
    expect(m.weights.get('pooler.dense.bias')!.data).toEqual(t.get('pooler.dense.bias')!.data);
  });

  it('TF-era LayerNorm gamma/beta names without a prefix (header grows) and no pooler', async () => {
    const t = tinyTensors();
    const entries = [...t]
      .filter(([n]) => !n.startsWith('pooler.'))
      .map(([n, v]) => ({
        name: n.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta'),
        dtype: 'F32',
        shape: v.shape,
        data: f32bytes(v.data),
      }));
    const files = tinyFiles();
    files.set('model.safetensors', rawSafetensors(entries));
    const m = await loadModel(served(files).source);
    expect(m.hasPooler).toBe(false);
    expect(m.weights.get('encoder.layer.0.output.LayerNorm.weight')!.data).toEqual(t.get('encoder.layer.0.output.LayerNorm.weight')!.data);
    expect(m.weights.size).toBe(5 + 16 * 2);
  });
});

describe('precise errors', () => {
  it('refuses a too-large model from HEAD sizes, before downloading the weights', async () => {
    const { server, source } = served(tinyFiles());
    const e = await loadError(loadModel(source, { maxBytes: 100_000 }));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/1\d\d\.\d kB, over the 100\.0 kB limit/);
    expect(server.requests.filter((r) => r.method === 'GET')).toEqual([]);
  });

  it('refuses a too-large model whose server sends no Content-Length, while reading', async () => {
    const e = await loadError(loadModel(served(tinyFiles(), undefined, { noContentLength: true }).source, { maxBytes: 100_000 }));
    expect(e.code).toBe('too_large');
    expect(Number(e.found)).toBeGreaterThan(100_000);
  });

  it('refuses by File.size', async () => {
    const files = [...tinyFiles()].map(([n, b]) => new File([b.slice()], n));
    const e = await loadError(loadModel(filesSource(files), { maxBytes: 50_000 }));
    expect(e.code).toBe('too_large');
  });

  it('names the missing file', async () => {
    for (const [drop, file] of [
      [['config.json'], 'config.json'],
      [['model.safetensors'], 'model.safetensors'],
      [['tokenizer.json', 'vocab.txt'], 'tokenizer.json'],
    ] as const) {
      const files = tinyFiles();
      for (const d of drop) files.delete(d);
      const e = await loadError(loadModel(served(files).source));
      expect(e.code).toBe('missing_file');
      expect(e.file).toBe(file);
      expect(e.message).toContain(file === 'tokenizer.json' ? 'vocab.txt' : file);
    }
  });

  it('rejects unsupported architectures naming them and the supported list, and configs lacking fields', async () => {
    const supported =
      /supported: model_type "bert" \(Bert\*\), model_type "distilbert" \(DistilBert\*\), model_type "roberta" \(Roberta\*\), model_type "xlm-roberta" \(XLMRoberta\*\)/;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...tinyConfig(), model_type: 'gpt2' }, /model_type "gpt2" is not supported/],
      [{ ...tinyConfig(), model_type: 'deberta-v2', architectures: ['DebertaV2Model'] }, supported],
      [{ ...tinyConfig(), architectures: ['GPT2LMHeadModel'] }, /architecture GPT2LMHeadModel is not supported for model_type "bert"/],
      [{ ...tinyConfig(), architectures: ['RobertaModel'] }, supported],
      [(({ hidden_size, ...rest }) => rest)(tinyConfig()), /hidden_size/],
      [{ ...tinyConfig(), hidden_act: 'relu' }, /hidden_act/],
    ];
    for (const [cfg, msg] of cases) {
      const files = tinyFiles();
      files.set('config.json', json(cfg));
      const e = await loadError(loadModel(served(files).source));
      expect(e.code).toBe('unsupported_architecture');
      expect(e.file).toBe('config.json');
      expect(e.message).toMatch(msg);
    }
    const files = tinyFiles();
    files.set('config.json', new TextEncoder().encode('{not json'));
    expect((await loadError(loadModel(served(files).source))).code).toBe('bad_config');
  });

  it('names the tensor with the wrong shape, expected vs found', async () => {
    const files = tinyFiles();
    files.set('config.json', json({ ...tinyConfig(), intermediate_size: 48 }));
    const e = await loadError(loadModel(served(files).source));
    expect(e.code).toBe('tensor_shape');
    expect(e.tensor).toBe('encoder.layer.0.intermediate.dense.weight');
    expect(e.expected).toBe('[48, 32]');
    expect(e.found).toBe('[64, 32]');
  });

  it('names a missing tensor, corrupt weights, a too-large vocabulary and HTTP failures', async () => {
    const t = tinyTensors();
    const entries = [...t]
      .filter(([n]) => n !== 'encoder.layer.1.attention.self.key.bias')
      .map(([n, v]) => ({ name: n, dtype: 'F32', shape: v.shape, data: f32bytes(v.data) }));
    let files = tinyFiles();
    files.set('model.safetensors', rawSafetensors(entries));
    let e = await loadError(loadModel(served(files).source));
    expect([e.code, e.tensor]).toEqual(['bad_weights', 'encoder.layer.1.attention.self.key.bias']);

    files = tinyFiles();
    files.set('model.safetensors', files.get('model.safetensors')!.slice(0, 5000));
    e = await loadError(loadModel(served(files).source));
    expect([e.code, e.file]).toEqual(['bad_weights', 'model.safetensors']);

    files = tinyFiles();
    files.set('config.json', json({ ...tinyConfig(), vocab_size: 20 }));
    e = await loadError(loadModel(served(files).source));
    expect(e.code).toBe('bad_tokenizer');

    e = await loadError(loadModel(served(tinyFiles(), undefined, { status: 500 }).source));
    expect(e.code).toBe('fetch_failed');
    expect(e.message).toMatch(/HTTP 500/);
  });
});

it('the tiny fixture stays small', () => {
  const total = readdirSync(TINY).reduce((s, n) => s + readFileSync(join(TINY, n)).length, 0);
  expect(total).toBeLessThan(1024 * 1024);
});

describe('sourceFromSpec', () => {
  it('builds each kind of source from a serialisable spec', async () => {
    const { sourceFromSpec } = await import('./source_description');
    const { server } = served(tinyFiles(), '/base/models/blora-tiny-uncased/');
    expect(sourceFromSpec({ kind: 'embedded', appBaseUrl: '/base' }, { fetch: server.fetch }).id).toBe('blora-tiny-uncased');
    expect(await sourceFromSpec({ kind: 'embedded', appBaseUrl: '/base' }, { fetch: server.fetch }).size('config.json')).toBe(
      tinyFiles().get('config.json')!.length,
    );
    expect(sourceFromSpec({ kind: 'url', url: 'https://x.example/m' }).id).toBe('https://x.example/m/');
    expect(sourceFromSpec({ kind: 'hub', id: 'a/b', revision: 'r1' }).id).toBe('hf:a/b@r1'); // the id names a pinned revision, so a link made from it loads the same files
    expect(sourceFromSpec({ kind: 'files', files: [], id: 'mine' }).id).toBe('mine');
  });
});
