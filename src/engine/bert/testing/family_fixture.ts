// Test support: a tiny model of another family (tools/golden/family_fixtures.py) loaded by the
// loader, with its torch reference outputs and the checkpoint's own head renamed onto ours, so
// the logits of the head we train can be compared with the reference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { familyById } from '../../../model/families';
import { loadModel, type LoadedModel } from '../../../model/loader';
import { nodeDirSource } from '../../../model/node_dir_source';
import { parseSafetensors, type TensorMap } from '../../../model/safetensors';
import { readTorchBin } from '../../../model/torch_bin';

export const FAMILY_FIXTURES = ['tiny-distilbert', 'tiny-roberta', 'tiny-xlmr', 'tiny-minilm'] as const;
export const FIXTURE_DIR = join(__dirname, '..', '..', '..', 'model', '__fixtures__');

export interface FamilyFixture {
  model: LoadedModel;
  ref: Record<string, any>;
  /** The checkpoint's head as pooler.dense.* and classifier.* (empty when it has none). */
  head: TensorMap;
}

function rawTensors(dir: string): TensorMap {
  const st = join(dir, 'model.safetensors');
  try {
    return parseSafetensors(new Uint8Array(readFileSync(st)));
  } catch {
    const out: TensorMap = new Map();
    for (const [n, t] of readTorchBin(new Uint8Array(readFileSync(join(dir, 'pytorch_model.bin'))))) out.set(n, { shape: t.shape, data: t.toFloat32() });
    return out;
  }
}

export async function loadFamilyFixture(name: string): Promise<FamilyFixture> {
  const dir = join(FIXTURE_DIR, name);
  const model = await loadModel(nodeDirSource(dir));
  const ref = JSON.parse(readFileSync(join(dir, 'reference_outputs.json'), 'utf8'));
  const head: TensorMap = new Map();
  const names = familyById(model.family).headNames;
  for (const [n, t] of rawTensors(dir)) {
    for (const [from, to] of Object.entries(names))
      if (n.startsWith(`${from}.`) && n.split('.').length === from.split('.').length + 1) head.set(`${to}.${n.split('.').pop()}`, t);
  }
  return { model, ref, head };
}
