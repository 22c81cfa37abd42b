// Verify public/models/blora-tiny-uncased/model.onnx with onnxruntime-web (wasm EP) in Node
// against the torch reference written by export.py (tools/pretrain/fixtures/onnx_reference.json).
//
//   npm install --prefix tools/.cache onnxruntime-web@1.30
//   node tools/pretrain/verify_onnx.mjs [model.onnx] [reference.json]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(resolve(root, 'tools/.cache/package.json'));
let ort;
try {
  ort = await import(require.resolve('onnxruntime-web'));
} catch {
  ort = await import('onnxruntime-web');
}
ort.env.wasm.numThreads = 1;

const modelPath = process.argv[2] ?? resolve(root, 'public/models/blora-tiny-uncased/model.onnx');
const refPath = process.argv[3] ?? resolve(here, 'fixtures/onnx_reference.json');
const ref = JSON.parse(readFileSync(refPath, 'utf8'));
const session = await ort.InferenceSession.create(readFileSync(modelPath), { executionProviders: ['wasm'] });
console.log('inputs', session.inputNames.join(','), '| outputs', session.outputNames.join(','));
const want = ref.output_names;
if (JSON.stringify(session.outputNames) !== JSON.stringify(want)) {
  console.error('output names differ from', want);
  process.exit(1);
}
let worst = 0;
let ok = true;
for (const c of ref.cases) {
  const b = c.input_ids.length;
  const s = c.input_ids[0].length;
  const t = (rows) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [b, s]);
  const out = await session.run({
    input_ids: t(c.input_ids),
    attention_mask: t(c.attention_mask),
    token_type_ids: t(c.token_type_ids),
  });
  for (const name of want) {
    const r = c.outputs[name];
    const got = out[name];
    if (JSON.stringify(Array.from(got.dims)) !== JSON.stringify(r.dims)) {
      console.error(`${c.name}/${name}: dims ${got.dims} != ${r.dims}`);
      ok = false;
      continue;
    }
    let m = 0;
    for (let i = 0; i < r.data.length; i++) m = Math.max(m, Math.abs(got.data[i] - r.data[i]));
    worst = Math.max(worst, m);
    const pass = m <= ref.tolerance;
    ok &&= pass;
    console.log(`${pass ? 'ok  ' : 'FAIL'} ${c.name} ${name} [${r.dims}] max|diff| ${m.toExponential(2)}`);
  }
}
console.log(`${ok ? 'PASS' : 'FAIL'}: worst max|diff| ${worst.toExponential(3)} (tolerance ${ref.tolerance})`);
process.exit(ok ? 0 : 1);
