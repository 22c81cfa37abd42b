// `blora` command-line interface: the same engine, data and method code as the page, headless.
import { parseArgs } from 'node:util';
import { COMMAND_HELP } from './help';

const USAGE = `blora <command> [options]

Commands
  embed       --model DIR --text "..." [--text-pair "..."]       pooled output (and the checkpoint head's logits) as JSON
  train       --train FILE [--validation FILE --test FILE --ood FILE] --method lora-xs ...
  experiment  runs the comparison grid behind docs/results.md
  export      --run RUN.json|--adapter FILE --format peft|safetensors|onnx|posterior --out DIR   a run's PEFT folder, adapter file, merged model folder or posterior
  bench       engine | mc                                         throughput benchmarks

Common options
  --backend wasm|cpu|webgpu|auto   compute backend (default wasm: WebAssembly SIMD on the CPU; cpu: the TypeScript reference; webgpu: Dawn through npm \`webgpu\`)
  --threads N             kernel threads of the wasm backend (default: one per core)
  --help                  this text; blora <command> --help lists a command's options`;

export type CommandFn = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<CommandFn>> = {
  embed: async () => (await import('./embed')).embedCommand,
  train: async () => (await import('./train')).trainCommand,
  experiment: async () => (await import('./experiment')).experimentCommand,
  export: async () => (await import('./export')).exportCommand,
  bench: async () => (await import('./bench')).benchCommand,
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, options: { help: { type: 'boolean' } }, strict: false, allowPositionals: true });
  const name = positionals[0];
  if (!name) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`blora: unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  const rest = argv.slice(argv.indexOf(name) + 1);
  if ((rest.includes('--help') || rest.includes('-h')) && COMMAND_HELP[name]) {
    console.log(COMMAND_HELP[name]);
    return 0;
  }
  try {
    const run = await load();
    return await run(rest);
  } catch (err) {
    // Errors from the engine, data and model layers carry readable messages; print them plainly.
    const e = err as Error & { code?: string };
    const hint = e.code?.startsWith('ERR_PARSE_ARGS') ? ` (blora ${name} --help lists the options)` : '';
    console.error(`blora ${name}: ${e.code ? `[${e.code}] ` : ''}${e.message}${hint}`);
    if (process.env.BLORA_DEBUG) console.error(e.stack);
    return 1;
  }
}
