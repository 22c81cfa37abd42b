// A run's settings as the command line of the reference implementation, gmum/b-lora-xs (Hydra
// overrides of `accelerate launch launch_exp_hydra.py`). Every flag below was read in that
// repository; the comment on each names the file that defines it and the code that reads it.
// Settings the reference has no flag for are listed as notes, never given a made-up flag.
import type { MethodConfig } from '../methods/config';

export const REFERENCE_REPO = 'https://github.com/gmum/b-lora-xs';

export interface ReferenceCommand {
  /** Training (launch_exp_hydra.py); null: the reference has no equivalent of this method. */
  command: string | null;
  /** The separate sampling evaluation of the saved run (sampling_evaluation.py), where the method predicts by sampling. */
  evaluate: string | null;
  /** Settings that do not map one to one, and placeholders the user fills in. */
  notes: string[];
}

type Settings = Pick<
  MethodConfig,
  | 'kind'
  | 'r'
  | 'alpha'
  | 'targets'
  | 'layers'
  | 'K'
  | 'c'
  | 'S'
  | 'lrAdapter'
  | 'lrHead'
  | 'warmupFraction'
  | 'weightDecay'
  | 'epochs'
  | 'batch'
  | 'swagStart'
  | 'swagAnnealEpochs'
  | 'swagLr'
  | 'collectEverySteps'
  | 'dropout'
  | 'seed'
>;

const SWAG_KINDS: Partial<Record<MethodConfig['kind'], { loraxs: boolean; swag: boolean; dropout?: boolean }>> = {
  'b-lora-xs': { loraxs: true, swag: true },
  'swag-lora': { loraxs: false, swag: true },
  'lora-xs': { loraxs: true, swag: false },
  lora: { loraxs: false, swag: false },
  // sampling_evaluation.py evaluation.eval_method=dropout: MC dropout on the saved base (MAP) model.
  'mc-dropout': { loraxs: true, swag: false, dropout: true },
};

/** What the reference adapts: conf/model target_modules (query, value) plus, with use_loraxs, the two below (utils/run_experiment.py). */
const REFERENCE_TARGETS = { loraxs: ['query', 'value', 'attn-out', 'ffn-out'], lora: ['query', 'value'] };

const num = (x: number) => String(x);

export function referenceCommand(m: Settings): ReferenceCommand {
  const fam = SWAG_KINDS[m.kind];
  if (!fam) {
    return {
      command: null,
      evaluate: null,
      notes: [`${m.kind}: the reference implements SWAG over LoRA / LoRA-XS only (README: method "Only swag"); it has no equivalent of this method.`],
    };
  }
  const notes: string[] = [];
  const flags: [string, string][] = [
    // README.md "Running training using Hydra"; launch_exp_hydra.py reads conf/config.yaml.
    ['method', 'swag'],
    // conf/config.yaml experiment.task; utils/run_experiment.py accepts GLUE and MCQA tasks only.
    ['experiment.task', 'TASK'],
    // conf/config.yaml; utils/run_experiment.py: True adds attention.output.dense and output.dense and builds LoRA-XS (find_and_initialize).
    ['experiment.use_loraxs', fam.loraxs ? 'True' : 'False'],
    // conf/config.yaml lora_r, lora_alpha; utils/peft_utils.py get_peft_config (LoraConfig r, lora_alpha).
    ['experiment.lora_r', num(m.r)],
    ['experiment.lora_alpha', num(m.alpha)],
    // conf/config.yaml; train.py: AdamW groups (params named "classifier" at cls_learning_rate, the rest at learning_rate).
    ['experiment.learning_rate', num(m.lrAdapter)],
    ['experiment.cls_learning_rate', num(m.lrHead)],
    // conf/config.yaml; train.py get_lr_scheduler (warm-up steps = warmup_length · batches · num_epochs).
    ['experiment.warmup_length', num(m.warmupFraction)],
    // conf/config.yaml; train.py loops range(num_epochs); utils/run_experiment.py passes batch_size to the data loaders.
    ['experiment.num_epochs', num(m.epochs)],
    ['experiment.batch_size', num(m.batch)],
    // conf/config.yaml; utils/run_experiment.py seeds torch, numpy and random.
    ['experiment.seed', num(m.seed)],
    // conf/method/swag.yaml; train.py: SWAG phase from `epoch == swag_start` (0-based, as ours).
    ['method.swag_start', num(m.swagStart)],
    // conf/method/swag.yaml; train.py SWALR(anneal_epochs = swag_anneal_epochs · batches, swa_lr = swag_learning_rate).
    ['method.swag_anneal_epochs', num(m.swagAnnealEpochs)],
    ['method.swag_learning_rate', num(m.swagLr)],
    // README.md and run_script.sh pass -1: no forced early save of the SWAG model (conf/method/swag.yaml force_save).
    ['method.force_save', '-1'],
  ];
  if (fam.swag) {
    flags.push(
      // conf/method/swag.yaml; utils/run_experiment.py SWAG(no_cov_mat = not swag_cov_mat, max_num_models = swag_max_num_models).
      ['method.swag_cov_mat', m.K > 0 ? 'True' : 'False'],
      ...(m.K > 0 ? ([['method.swag_max_num_models', num(m.K)]] as [string, string][]) : []),
      // conf/method/swag.yaml; train.py: swag_model.collect_model every swag_c_epochs epochs from swag_start.
      ['method.swag_c_epochs', '1'],
      // conf/method/swag.yaml; train.py compute_metrics(swag_samples, swag_sample_scale).
      ['method.swag_samples', num(m.S)],
      ['method.swag_sample_scale', num(m.c)],
    );
    if (m.collectEverySteps > 0)
      notes.push(
        `collect every ${m.collectEverySteps} steps: the reference collects once per swag_c_epochs epochs only (method.swag_c_epochs=1 is written: once per epoch).`,
      );
  } else {
    notes.push(
      `${m.kind} ${fam.dropout ? 'samples dropout on a point estimate' : 'is a point estimate'}: the reference trains it inside its SWAG run (method=swag), which saves the best-validation MAP model as well (conf/method/swag.yaml swag_save_base_model: True; train.py saves base_model).`,
    );
  }
  // sampling_evaluation.py (a Hydra script over conf/config.yaml) evaluates a saved run: it reads
  // evaluation.eval_method (swag | dropout), eval_model_path, num_samples and swag_sample_scale.
  let evaluate: string | null = null;
  if (fam.swag || fam.dropout) {
    const ev: [string, string][] = [
      ['experiment.task', 'TASK'],
      ['evaluation.eval_method', fam.swag ? 'swag' : 'dropout'],
      ['evaluation.eval_model_path', 'RUN_DIR'],
      ['evaluation.num_samples', num(m.S)],
      ...(fam.swag
        ? ([
            ['evaluation.swag_sample_scale', num(m.c)],
            ['method.swag_cov_mat', m.K > 0 ? 'True' : 'False'],
          ] as [string, string][])
        : []),
    ];
    evaluate = ['python sampling_evaluation.py', ...ev.map(([k, v]) => `${k}=${v}`)].join(' \\\n  ');
    notes.push(
      "The training run samples only for its validation-time model selection (method.swag_samples, method.swag_sample_scale); the reported predictive comes from sampling_evaluation.py, whose evaluation.swag_sample_scale defaults to 1.0 (conf/config.yaml): the second command sets it. RUN_DIR is the training run's save folder (holding base_model/ and swag_model.pt).",
    );
    if (fam.swag)
      notes.push(
        'sampling_evaluation.py rebuilds SWAG with max_num_models=5 and modules_to_swag="grad_only" whatever the training used (as read in the script).',
      );
    if (fam.dropout) notes.push(`dropout ${m.dropout}: no flag; MC dropout in the reference uses the model config's dropout probabilities.`);
  }
  notes.push(
    'model=…: the reference ships RoBERTa and Llama model configs (README: roberta-base, roberta-large, llama_7b_hf); a BERT base model needs its own conf/model entry (the code reads model_name, target_modules, modules_to_save: utils/peft_utils.py). UNCONFIRMED: the conf/model files themselves were not read; no model= flag is written.',
    'experiment.task=TASK is a placeholder: the reference loads GLUE or MCQA tasks by name (utils/run_experiment.py), not this data set.',
    `weight decay ${m.weightDecay}: no flag written. conf/config.yaml has experiment.weight_decay, but train.py builds AdamW without it (PyTorch's default 0.01 applies).`,
    'The classifier learning rate applies to parameters named "classifier"; our head also trains the BERT pooler, which the reference would train at learning_rate.',
  );
  const want = fam.loraxs ? REFERENCE_TARGETS.loraxs : REFERENCE_TARGETS.lora;
  if ([...m.targets].sort().join(',') !== [...want].sort().join(','))
    notes.push(`targets ${m.targets.join(',')}: no flag; the reference adapts ${want.join(', ')} (conf/model target_modules plus utils/run_experiment.py).`);
  if (m.layers.length) notes.push(`layers ${m.layers.join(',')}: no flag; the reference adapts every layer.`);
  const command = ['accelerate launch launch_exp_hydra.py', ...flags.map(([k, v]) => `${k}=${v}`)].join(' \\\n  ');
  return { command, evaluate, notes };
}

/** reference_command.sh: the notes as comments above the command (or instead of it). */
export function referenceScript(runLabel: string, ref: ReferenceCommand): string {
  const lines = [
    '#!/bin/sh',
    `# ${runLabel} as a run of the reference implementation (${REFERENCE_REPO}); run from its checkout.`,
    ...ref.notes.map((n) => `# - ${n}`),
  ];
  const commands = ref.command
    ? ['# Train:', ref.command, ...(ref.evaluate ? ['', '# Evaluate the saved run by sampling:', ref.evaluate] : [])]
    : ['# (no command: see above)'];
  return `${[...lines, ...commands].join('\n')}\n`;
}
