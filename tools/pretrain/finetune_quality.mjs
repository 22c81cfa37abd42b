#!/usr/bin/env node
// Quality evidence for the model card (issue 3): fine-tune LoRA-XS on a sentiment data set with the
// pretrained weights and with the same architecture at random weights (BERT init, N(0, 0.02)), same
// seeds and settings, through the `blora train` CLI; print a Markdown table with the majority-class
// accuracy beside them, and write the raw rows as JSON after every run (a stopped run keeps its rows).
//   npm run build:cli && node tools/pretrain/finetune_quality.mjs [--suite fine-foods|sst2]
//     [--glue DIR] [--model DIR] [--seeds 0,1,2] [--json FILE] [-- blora train flags replacing the suite's]
// Suites: fine-foods is the data set shipped in public/datasets (5-star or not, 65 % "great");
// sst2 is GLUE SST-2 from ../shared/datasets/glue (balanced polarity), which the repo does not ship.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: v, positionals } = parseArgs({
  options: {
    suite: { type: 'string', default: 'fine-foods' },
    glue: { type: 'string', default: join(root, '..', 'shared', 'datasets', 'glue') },
    model: { type: 'string', default: 'public/models/blora-tiny-uncased' },
    seeds: { type: 'string', default: '0,1,2' },
    json: { type: 'string' },
  },
  allowPositionals: true,
});
const COMMON = ['--method', 'lora-xs', '--r', '8', '--batch', '32', '--lr', '2e-2', '--lr-head', '1e-2', '--max-length', '64'];
const SUITES = {
  'fine-foods': {
    name: 'Amazon Fine Food reviews (shipped built-in data set)',
    flags: ['--dataset', 'fine-foods', '--max-train', '800', '--max-eval', '400', '--epochs', '4', ...COMMON],
  },
  sst2: {
    name: 'GLUE SST-2 (../shared/datasets/glue; test = the GLUE dev split)',
    flags: [
      '--train',
      join(v.glue, 'SST-2', 'train.tsv'),
      '--validation',
      join(v.glue, 'SST-2', 'val.tsv'),
      '--test',
      join(v.glue, 'SST-2', 'test.tsv'),
      '--text-col',
      'sentence',
      '--label-col',
      'label',
      '--max-train',
      '1600',
      '--max-eval',
      '872',
      '--epochs',
      '3',
      ...COMMON,
    ],
  },
};
const suite = SUITES[v.suite];
if (!suite) throw new Error(`--suite: "${v.suite}" is not one of ${Object.keys(SUITES).join(', ')}`);
const flags = positionals.length ? positionals : suite.flags;
const seeds = v.seeds.split(',').map(Number);
// Paths outside the repo are shown relative to it, so the card's command works from any checkout.
const shown = flags.map((f) => (isAbsolute(f) ? relative(root, f) : f));

function run(seed, random) {
  const args = [
    join(root, 'bin', 'blora.mjs'),
    'train',
    '--model',
    v.model,
    ...flags,
    '--seed',
    String(seed),
    '--quiet',
    ...(random ? ['--random-weights'] : []),
  ];
  const t0 = Date.now();
  const p = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (p.status !== 0) throw new Error(`blora train failed (seed ${seed}${random ? ', random weights' : ''}):\n${p.stderr || p.stdout}`);
  const out = JSON.parse(p.stdout.slice(p.stdout.indexOf('\n{') + 1));
  const row = { weights: random ? 'random' : 'pretrained', seed, ...out.test, majority: out.baselines.majorityClass, seconds: (Date.now() - t0) / 1000 };
  console.error(`${row.weights} seed ${seed}: acc ${row.accuracy.toFixed(3)} nll ${row.nll.toFixed(3)} (${row.seconds.toFixed(0)} s)`);
  return row;
}

const rows = [];
const save = (partial) => {
  if (v.json)
    writeFileSync(
      v.json,
      JSON.stringify({ suite: v.suite, dataset: suite.name, flags: shown, seeds, model: v.model, ...(partial ? { partial: true } : {}), rows }, null, 2) + '\n',
    );
};
for (const seed of seeds)
  for (const random of [false, true]) {
    rows.push(run(seed, random));
    save(true);
  }
save(false);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) => `${median(xs).toFixed(3)} (${xs.map((x) => x.toFixed(3)).join(', ')})`;
console.log(`blora train ${shown.join(' ')} --seed {${seeds.join(',')}}\n`);
console.log('| weights | test accuracy, median (per seed) | test NLL | test ECE | test MCC |');
console.log('|---|---|---|---|---|');
for (const w of ['pretrained', 'random']) {
  const rs = rows.filter((r) => r.weights === w);
  console.log(`| ${w} | ${fmt(rs.map((r) => r.accuracy))} | ${fmt(rs.map((r) => r.nll))} | ${fmt(rs.map((r) => r.ece))} | ${fmt(rs.map((r) => r.mcc))} |`);
}
console.log(`| majority class | ${rows[0].majority.toFixed(3)} | | | |`);
