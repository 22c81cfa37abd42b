// The posterior export (issue 25, item 5): a SWAG run's moments (mean, second moment, deviation
// rows, n, K, c) or a Laplace run's factors (GGN, prior precision, MAP), with the adapter layout, the
// frozen LoRA-XS factors A and B, the trained head and the run's class names, as one safetensors
// file whose JSON header says everything a researcher needs without our code; beside it
// sample_posterior.py (numpy only) draws the run's own samples (Philox, as src/rng/philox.ts) and
// reproduces its Bayesian-averaged probabilities, and a README. Methods without a posterior over
// their weights are refused, naming why.
import { ADAPTER_MODULES, modulePath } from '../../engine/adapters/config';
import { METHOD_CATALOG, type MethodConfig, type MethodKind } from '../../methods/config';
import type { ModelFamilyId } from '../../model/families';
import { strToU8, zipSync } from 'fflate';
import { serializeSafetensors, type TensorMap } from '../../model/safetensors';
import type { DatasetIdentity } from '../../data/dataset_identity';
import { seqClsName } from '../family_export';
import type { TensorEntry } from '../peft_lora';
import { runClassNames } from '../run_classes';
import SCRIPT from './sample_posterior.py?raw';

export class PosteriorRefusedError extends Error {
  readonly code = 'posterior-refused';
}

const NO_POSTERIOR: Partial<Record<MethodKind, string>> = {
  'lora-xs': 'it is one trained model (a point estimate), with no distribution over its weights',
  lora: 'it is one trained model (a point estimate), with no distribution over its weights',
  temperature: 'it is one trained model whose logits are divided by a fitted temperature; there is no distribution over its weights',
  'mc-dropout': 'its randomness is dropout at test time, not a posterior over the weights (its adapters are one trained model)',
  ensemble: 'its members are independently trained models, not a posterior with moments to sample from (export them with the adapter file)',
};

/** Why a run of this method has no posterior to export, or undefined when it has one. */
export function posteriorRefusal(kind: MethodKind): string | undefined {
  const why = NO_POSTERIOR[kind];
  return why && `${METHOD_CATALOG[kind].label} has no posterior to export: ${why}`;
}

export interface PosteriorInput {
  runId: string;
  method: MethodConfig;
  adapters: readonly TensorEntry[];
  family?: ModelFamilyId;
  dataset?: DatasetIdentity;
}

/** One adapted module's place in θ: [offset, shape] of R (LoRA-XS) or of A and B (LoRA). */
interface LayoutEntry {
  name: string;
  module: string;
  in_features: number;
  out_features: number;
  theta: Record<string, [number, number[]]>;
}

/** The adapted modules in θ order (layer-major, canonical module order: engine/adapters/tensors.ts). */
function thetaLayout(adapters: readonly TensorEntry[], family: ModelFamilyId, lora: boolean): { layout: LayoutEntry[]; P: number } {
  const byPath = new Map(adapters.map((t) => [t.name, t]));
  const sites: { layer: number; order: number; path: string }[] = [];
  for (const t of adapters) {
    const m = /^encoder\.layer\.(\d+)\.(.+)\.lora_A$/.exec(t.name);
    if (!m) continue;
    const layer = Number(m[1]);
    const order = ADAPTER_MODULES.findIndex((mod) => modulePath(layer, mod) === `encoder.layer.${layer}.${m[2]}`);
    if (order < 0) throw new PosteriorRefusedError(`posterior export: ${t.name} is not an adaptable module`);
    sites.push({ layer, order, path: `encoder.layer.${layer}.${m[2]}` });
  }
  sites.sort((a, b) => a.layer - b.layer || a.order - b.order);
  let P = 0;
  const layout = sites.map(({ path }) => {
    const A = byPath.get(`${path}.lora_A`)!,
      B = byPath.get(`${path}.lora_B`);
    if (!B) throw new PosteriorRefusedError(`posterior export: ${path} has lora_A but no lora_B`);
    const [r, inF] = A.shape,
      outF = B.shape[0];
    const put = (shape: number[]): [number, number[]] => {
      const at = P;
      P += shape[0] * shape[1];
      return [at, shape];
    };
    const theta: LayoutEntry['theta'] = lora ? { A: put([r, inF]), B: put([outF, r]) } : { R: put([r, r]) };
    if (!lora && !byPath.has(`${path}.lora_R`)) throw new PosteriorRefusedError(`posterior export: ${path} has no lora_R (a LoRA-XS run keeps one per module)`);
    return { name: seqClsName(family, path), module: path, in_features: inF, out_features: outF, theta };
  });
  return { layout, P };
}

const SWAG_FORMULA =
  'METHOD.md §3: θ̃ = swag.mean + √c · (σ ⊙ z₁ + swag.deviationsᵀ z₂ / √(K − 1)), σ = √max(swag.sq_mean − swag.mean², 1e-30), ' +
  'the low-rank part left out when K − 1 < 1; sample s draws z₁ = philoxNormal(sample_seed, 2s)[0:P] and z₂ = philoxNormal(sample_seed, 2s + 1)[0:rows] ' +
  '(Philox4x32-10, src/rng/philox.ts; sample_posterior.py reimplements it), z₂[k] pairing with ring slot k: file row i is ring slot (ring_start + i) mod K. ' +
  'θ̃ is the R matrices (LoRA-XS: W′ = W + (α/r)·B·R·A) or the LoRA A and B, laid out as `layout` says; the prediction is p = (1/S) Σ_s softmax(z(θ̃_s)) (§4).';

const LAPLACE_FORMULA =
  'METHOD.md §8: θ ~ N(θ_MAP, (Λ + δI)⁻¹) with θ_MAP the lora_R tensors in `layout` order, Λ = laplace.ggn (diag [P] or full [P, P]) and δ = laplace.prior_precision; ' +
  'the predictive is linearized: per example, J = ∂z/∂θ at θ_MAP [C, P], Σ_z = J (Λ + δI)⁻¹ Jᵀ, z_s = z_MAP + chol(Σ_z + 1e-12 I) ε_s with ' +
  'ε = philoxNormal(sample_seed, example index)[s·C … s·C + C − 1], p = (1/S) Σ_s softmax(z_s).';

/** posterior.safetensors, sample_posterior.py and README.md of a SWAG or Laplace run. */
export function posteriorFiles(input: PosteriorInput, modelId: string): Record<string, Uint8Array | string> {
  const m = input.method;
  const refusal = posteriorRefusal(m.kind);
  if (refusal) throw new PosteriorRefusedError(refusal);
  const family = input.family ?? 'bert';
  const swag = m.kind === 'b-lora-xs' || m.kind === 'swag-lora';
  const byName = new Map(input.adapters.map((t) => [t.name, t]));
  const need = (name: string) => {
    const t = byName.get(name);
    if (!t)
      throw new PosteriorRefusedError(
        `posterior export: the ${METHOD_CATALOG[m.kind].label} run's tensors lack ${name} (its adapter file was saved without its posterior)`,
      );
    return t;
  };
  const { layout, P } = thetaLayout(input.adapters, family, m.kind === 'swag-lora');
  const map: TensorMap = new Map();
  const stats = swag ? ['swag.mean', 'swag.sq_mean', 'swag.deviations'] : ['laplace.ggn', 'laplace.prior_precision'];
  for (const name of stats) map.set(name, { shape: [...need(name).shape], data: need(name).data });
  const length = need(swag ? 'swag.mean' : 'laplace.ggn').shape[0];
  if (length !== P) throw new PosteriorRefusedError(`posterior export: the posterior has ${length} numbers per θ, the adapters' layout ${P}`);
  for (const e of layout)
    for (const f of ['lora_A', 'lora_B', 'lora_R']) {
      const t = byName.get(`${e.module}.${f}`);
      if (t) map.set(`${e.name}.${f}`, { shape: [...t.shape], data: t.data });
    }
  const head: Record<string, string> = {};
  for (const t of input.adapters) {
    if (/\.lora_[ABR]$/.test(t.name) || /^(swag|laplace)\./.test(t.name)) continue;
    head[t.name] = seqClsName(family, t.name);
    map.set(head[t.name], { shape: [...t.shape], data: t.data });
  }
  const classifier = input.adapters.find((t) => t.name === 'classifier.weight');
  const classes = runClassNames(input, classifier?.shape[0]);
  const n = swag ? Number(need('swag.n').data[0]) : undefined;
  const rows = swag ? need('swag.deviations').shape[0] : 0;
  const meta = {
    format: 'blora-posterior',
    version: 1,
    method: swag ? 'swag' : 'laplace',
    run_method: m.kind,
    run_id: input.runId,
    family,
    base_model: modelId,
    adapter: m.kind === 'swag-lora' ? 'lora' : 'lora-xs',
    r: m.r,
    alpha: m.alpha,
    scale: m.alpha / m.r,
    P,
    S: m.S,
    ...(swag
      ? {
          K: m.K,
          c: m.c,
          n,
          rows,
          ring_start: rows === m.K && m.K > 0 ? n! % m.K : 0,
          divisor: 'K - 1',
          sample_seed: (m.seed ^ 0x5a6a) >>> 0,
          redraw_per_batch: m.redrawPerBatch === 1,
        }
      : { structure: m.laplace.structure, prior_precision: need('laplace.prior_precision').data[0], sample_seed: (m.seed ^ 0x1ace) >>> 0 }),
    formula: swag ? SWAG_FORMULA : LAPLACE_FORMULA,
    layout,
    head,
    label_names: classes.names,
    labels_known: classes.known,
    dataset: input.dataset && classes.known ? { id: input.dataset.id, name: input.dataset.name, sha256: input.dataset.sha256 ?? null } : null,
  };
  const file = serializeSafetensors(map, {
    format: 'pt',
    posterior: JSON.stringify(meta),
    method: meta.method,
    ...(swag ? { K: String(m.K), c: String(m.c), n: String(n) } : {}),
    S: String(m.S),
  });
  return { 'posterior.safetensors': file, 'sample_posterior.py': SCRIPT, 'README.md': posteriorReadme(meta, classes.names) };
}

/** The page's "Posterior (safetensors + script)" download: the same three files in one folder of a zip. */
export function posteriorZip(input: PosteriorInput, modelId: string, folder: string): Uint8Array {
  const files = posteriorFiles(input, modelId);
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, f]) => [`${folder}/${name}`, typeof f === 'string' ? strToU8(f) : f])));
}

function posteriorReadme(
  meta: { method: string; run_method: string; run_id: string; base_model: string; family: string; S: number; P: number; formula: string },
  labels: string[],
): string {
  const swag = meta.method === 'swag';
  return `# Posterior of ${meta.run_id} (${METHOD_CATALOG[meta.run_method as MethodKind].label})

Base model: ${meta.base_model} (${meta.family}). Classes in label order: ${labels.map((l, i) => `${i} = ${l}`).join(', ')}.

- \`posterior.safetensors\`: ${swag ? 'the SWAG moments swag.mean [P], swag.sq_mean [P] and swag.deviations [rows, P] (oldest first)' : 'the Laplace factors laplace.ggn and laplace.prior_precision'} over θ (P = ${meta.P}), the adapted modules' lora_A / lora_B${meta.run_method === 'swag-lora' ? '' : ' / lora_R'} under the Hugging Face names of the family's *ForSequenceClassification, and the trained head. The JSON header (\`__metadata__.posterior\`) holds everything else: method, K, c, S, n, the layout of θ, the head's names, the class names, the random-number seed.
- \`sample_posterior.py\`: numpy only. ${swag ? `Draws the run's S = ${meta.S} samples of θ (Philox4x32-10, as the run drew them) and averages the classifier's probabilities over them:` : `Computes each example's Jacobian J = ∂z/∂θ at the MAP (central differences in f64), draws the run's S = ${meta.S} logit samples (Philox4x32-10, as the run drew them) and averages their probabilities:`}

\`\`\`
python3 sample_posterior.py --posterior posterior.safetensors --model BASE_MODEL_DIR --inputs tokens.json [--S 32] [--out probs.json]
\`\`\`

\`tokens.json\` is the tokenizer's output for the examples: \`{"input_ids": [[…]], "attention_mask": [[…]], "token_type_ids": [[…]]}\`, e.g. \`json.dump(dict(tokenizer(texts, truncation=True, max_length=MAX_LENGTH)), f)\` with the base model's tokenizer and the run's max length.

Formula: ${meta.formula}
`;
}
