#!/usr/bin/env node
// Writes public/datasets/index.json from the dataset.json manifests (fine-foods is the default).
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { OUT_ROOT } from './common.mjs';

const DEFAULT = 'fine-foods';
const ORDER = ['fine-foods', 'spam-assassin', 'sotu-party'];
const ids = readdirSync(OUT_ROOT).filter((d) => existsSync(join(OUT_ROOT, d, 'dataset.json')));
ids.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
const datasets = ids.map((id) => {
  const m = JSON.parse(readFileSync(join(OUT_ROOT, id, 'dataset.json'), 'utf8'));
  const rows = Object.fromEntries(Object.entries(m.splits).map(([s, f]) => [s, f.rows]));
  return { id: m.id, name: m.name, task: m.task, labelNames: m.labelNames, manifest: `${id}/dataset.json`, rows, license: m.provenance.license };
});
if (!ids.includes(DEFAULT)) throw new Error(`default data set ${DEFAULT} is missing`);
writeFileSync(join(OUT_ROOT, 'index.json'), JSON.stringify({ default: DEFAULT, datasets }, null, 2) + '\n');
console.log(`index.json: ${ids.join(', ')} (default ${DEFAULT})`);
