// `blora <command> --help`: what each command takes. Kept beside the commands' parseArgs options;
// help.test.ts checks every option a command accepts is listed here, so the two cannot drift apart.
import { METHOD_KINDS } from '../methods/config';
import { METHOD_SETTINGS, SETTING_KEYS, usesSetting, type Setting } from '../methods/settings';

const MODEL =
  '  --model DIR|hf:ID      a BERT-family model: a folder in the Hugging Face layout, or hf:owner/name[@revision] from the Hub (HF_ENDPOINT: a mirror; cached in BLORA_CACHE_DIR, default ~/.cache/blora/models) (default: the embedded blora-tiny-uncased)';
const BACKEND =
  '  --backend wasm|cpu|webgpu|auto  compute backend (default wasm: the CPU on WebAssembly SIMD; cpu: the TypeScript reference kernels; webgpu: Dawn through npm `webgpu`; auto: a hardware GPU, else wasm)\n  --threads N             kernel threads of the wasm backend (default 0: one per core, at most 8; clamped to the cores)';

const DATA = `Data (a built-in data set, or files: CSV, TSV, JSON Lines or a JSON array; UTF-8 or UTF-16 with a BOM; gzipped too)
  --dataset ID            built-in data set: fine-foods, spam-assassin, sotu-party
  --train FILE            training file (split off validation and test when those are not given)
  --validation FILE  --test FILE  --ood FILE (an out-of-distribution file: text only)
  --text-col C  --text-pair-col C  --label-col C  --ood-text-col C   column names, or 0-based numbers
  --no-header             the files have no header row
  --skip-bad-rows         drop malformed rows instead of stopping at the first (how many and their first
                          lines, per file, on stderr and in the run record)
  --max-line-chars N      refuse a row or quoted field longer than N characters (default 4194304)
  --no-quotes             read double quotes as text (files that do not quote fields, e.g. GLUE TSV)
  --max-train N  --max-eval N   seeded random subsets of the training and evaluation splits
  --max-val N  --max-test N  --max-ood N   per-split caps (override --max-eval)`;

/** The method flags, one line per setting of the settings table with its range and default. */
function methodHelp(): string {
  const lines = SETTING_KEYS.map((key) => {
    const st = METHOD_SETTINGS[key] as Setting;
    const meta = st.type === 'int' ? 'N' : st.type === 'num' ? 'X' : st.type === 'laplace' ? st.values.join('|') : 'LIST';
    const range = st.type === 'int' || st.type === 'num' ? ` [${st.exclusiveMin ? '>' : ''}${st.min}…${st.max}, default ${st.default}]` : '';
    const kinds = st.usedBy === 'all' ? '' : ` (${METHOD_KINDS.filter((k) => usesSetting(k, key)).join(', ')})`;
    return `  ${`--${st.cli} ${meta}`.padEnd(24)}${st.help}${kinds}${range}`;
  });
  return ['Method', `  --method KIND           ${METHOD_KINDS.join(', ')} (default lora-xs)`, ...lines].join('\n');
}

const METHOD = methodHelp();

export const COMMAND_HELP: Record<string, string> = {
  embed: `blora embed --text "..." [options]: the pooled output of one input, and the logits of the checkpoint's classification head with its label names when it has one, as JSON

${MODEL}
  --text "..."  --text-pair "..."   the input (a sentence or a pair)
  --seed N                          seeds the new pooler of a checkpoint that has none
  --max-length N                    truncation length
  --compare-onnx                    also run model.onnx in onnxruntime-web and print the largest difference
${BACKEND}`,
  train: `blora train [data] [method] [options]: fine-tune, print the falling loss, then test metrics as JSON

${MODEL}
${BACKEND}
  --max-length N          tokens per example (default 128)
  --max-steps N           stop after N optimizer steps
  --eval-every N          validation metrics every N steps
  --checkpoint-every N    copy the training state to the host every N steps (default 50; 0 = at the end of training only):
                          a lost GPU device resumes the run from there on a new device, else on the CPU backend
  --random-weights        the same architecture with fresh BERT-init weights (the no-pretraining baseline)
  --quiet                 no per-step lines
  --out FILE              the run record (JSON): configuration, model and data hashes, metrics, per-example probabilities of every split, the adapters (for blora export);
                          checked before training (its folder must exist and be writable, with room for it). SIGINT (Ctrl-C), SIGTERM or
                          SIGHUP stop the run after the current step and write a partial record; the exit code is 128 + the signal's number

${DATA}

${METHOD}`,
  export: `blora export (--run RUN.json | --adapter FILE) --format peft|safetensors|onnx|posterior --out DIR: a trained run's files, as the page's export panel writes them

  --run RUN.json          the run record of \`blora train --out\` (it holds the adapters, the settings and the label names)
  --adapter FILE          or an adapter file (the page's "Adapters (safetensors)"; its metadata names the method, r and alpha)
  --format F              peft: adapter_config.json + adapter_model.safetensors (PEFT LoRA for BertForSequenceClassification)
                          safetensors: adapters.safetensors (our adapter file)
                          onnx: the merged model folder (model.onnx, config.json with the run's labels, tokenizer files)
                          posterior (--run only; SWAG and Laplace runs): posterior.safetensors (SWAG moments or Laplace factors,
                          the adapter layout, head, labels), sample_posterior.py (numpy only: the run's samples and probabilities), README.md
  --out DIR               the folder written; every adapter format adds lora_config.json and lora_config.py (the settings as a PEFT
                          LoraConfig) and, from a run record, reference_command.sh (the gmum/b-lora-xs command line)
  --model DIR             the base model (default: the run record's model folder, else the embedded blora-tiny-uncased); a record's weights hash must match
  --labels A,B,...        label names for config.json with --adapter (a run record has its own; default LABEL_0, LABEL_1, ...)`,
  experiment: `blora experiment [data] [grid] [options]: the comparison grid behind docs/results.md

Data: --dataset ID (repeatable), --glue DIR (holds SST-2/ and AGNews/: 872-example SST-2 dev set as test), and/or files
${DATA.split('\n').slice(2).join('\n')}
  --no-ood                no out-of-distribution split
  --id ID                 the id of the --train data set in the report (default: the file's name)
  --id-suffix S           appended to the data set ids (keeps an ablation's rows apart in a merged report)

Grid (one trajectory per family, rank and seed serves every row; LoRA-XS rows come from the B-LoRA-XS trajectory)
  --methods LIST          from lora, lora-xs, b-lora-xs, swag-lora, mc-dropout, temperature, laplace (default: all)
  --ranks LIST  --Ks LIST  --cs LIST  --seeds LIST   (defaults 2,8  0,2,10  0,0.5,2  0-5)
  --epochs N  --swag-start E  --swag-anneal E  --swag-lr X  --collect-every STEPS (0 = once per epoch)
  --batch N  --lr X  --lr-head X  --weight-decay X  --S N  --dropout P  --max-length N
  --redraw-per-batch 0|1   1: each prediction batch draws fresh posterior samples (the reference's choice; default 0)
  --lora-lr X  --lora-swag-lr X   the LoRA family's own adapter and SWAG learning rates (default: --lr, --swag-lr)
  --select-by-val         also report each SWAG K, c at the collection with the best sampled validation accuracy (the reference's model selection)
  --bins LIST             ECE bin counts reported (default 15,20; the first is the table's)
  --replicates N          crossed-bootstrap replicates of the paired intervals (default 2000, src/experiment/report_stats.ts)
  --json FILE             the run record: settings, data identity, every row with its test probabilities (saved after every row)
  --out FILE              the Markdown report
  --merge FILE (repeatable)  merge the JSON of runs made in parallel into one report
  --reading FILE          the prose template rendered after the tables (docs/results_reading.md: measured numbers as placeholders)
${MODEL}
${BACKEND}`,
};
