// `blora <command> --help`: what each command takes. Kept beside the commands' parseArgs options;
// help.test.ts checks every option a command accepts is listed here, so the two cannot drift apart.
import { ADAPT_TARGETS, METHOD_KINDS } from '../state/types';

const MODEL = '  --model DIR             a BERT-family model in the Hugging Face layout (default: the embedded blora-tiny-uncased)';
const BACKEND = '  --backend wasm|cpu|webgpu|auto  compute backend (default wasm: the CPU on WebAssembly SIMD; cpu: the TypeScript reference kernels; webgpu: Dawn through npm `webgpu`; auto: a hardware GPU, else wasm)\n  --threads N             kernel threads of the wasm backend (default 0: one per core, at most 8; clamped to the cores)';

const DATA = `Data (a built-in data set, or files: CSV, TSV or JSONL)
  --dataset ID            built-in data set: fine-foods, spam-assassin, sotu-party
  --train FILE            training file (split off validation and test when those are not given)
  --validation FILE  --test FILE  --ood FILE (an out-of-distribution file: text only)
  --text-col C  --text-pair-col C  --label-col C  --ood-text-col C   column names, or 0-based numbers
  --no-header             the files have no header row
  --skip-bad-rows         drop malformed rows instead of stopping at the first
  --max-train N  --max-eval N   seeded random subsets of the training and evaluation splits`;

const METHOD = `Method
  --method KIND           ${METHOD_KINDS.join(', ')} (default lora-xs)
  --r N  --alpha X        adapter rank and LoRA scale
  --targets LIST          adapted matrices, from ${ADAPT_TARGETS.join(', ')}
  --layers LIST           adapted layers (default: all)
  --epochs N  --batch N  --lr X  --lr-head X  --weight-decay X  --seed N  --dropout P
  --patience N            early stopping on validation NLL after N evaluations without improvement
  --K N  --c X  --S N     SWAG rank, sampling scale, Monte-Carlo samples
  --swag-start E  --swag-anneal E  --swag-lr X  --collect-every STEPS   SWAG phase schedule
  --M N                   ensemble members
  --laplace diag|full     Laplace posterior structure`;

export const COMMAND_HELP: Record<string, string> = {
  embed: `blora embed --text "..." [options]: the pooled output and logits of one input, as JSON

${MODEL}
  --text "..."  --text-pair "..."   the input (a sentence or a pair)
  --num-labels N  --seed N          the (randomly initialised) classifier head
  --max-length N                    truncation length
  --compare-onnx                    also run model.onnx in onnxruntime-web and print the largest difference
${BACKEND}`,
  train: `blora train [data] [method] [options]: fine-tune, print the falling loss, then test metrics as JSON

${MODEL}
${BACKEND}
  --max-length N          tokens per example (default 128)
  --max-steps N           stop after N optimizer steps
  --eval-every N          validation metrics every N steps
  --random-weights        the same architecture with fresh BERT-init weights (the no-pretraining baseline)
  --quiet                 no per-step lines

${DATA}

${METHOD}`,
  experiment: `blora experiment [data] [grid] [options]: the comparison grid behind docs/results.md

  --dataset ID (repeatable)  --glue DIR (holds SST-2/ and AGNews/)
  --ranks LIST  --Ks LIST  --seeds LIST  --methods LIST
  --epochs N  --swag-start E  --batch N  --lr X  --lr-head X  --S N  --c X  --dropout P  --collections N
  --max-train N  --max-eval N  --max-length N
  --json FILE             raw per-seed rows, saved after every row
  --out FILE              the Markdown report
  --merge FILE (repeatable)  merge the JSON of runs made in parallel into one report
${MODEL}
${BACKEND}`,
};
