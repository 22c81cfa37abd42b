#!/usr/bin/env node
// Builds public/datasets/fine-foods from the Debian package r-cran-modeldata (small_fine_foods).
// Needs: apt-get install -y --no-install-recommends r-base-core r-cran-modeldata  (Rscript on PATH).
// The in-distribution splits come from modeldata's training_data (reviews of 10 products); the
// shifted split is its testing_data (reviews of products that are not in the training data).
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, cleanText, shuffledBy, stratifiedTake, writeDataset } from './common.mjs';

const ID = 'fine-foods';
const SEED = 'fine-foods-v1';

function debVersion(pkg) {
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim();
}

mkdirSync(CACHE, { recursive: true });
const tsv = join(CACHE, 'small_fine_foods.tsv');
// Tabs and newlines inside reviews become spaces here; cleanText collapses whitespace anyway.
const rScript = `
suppressMessages(library(modeldata)); data(small_fine_foods)
f <- function(d, split) data.frame(split = split, product = d$product,
  review = gsub("[\\t\\r\\n]+", " ", d$review), score = as.character(d$score))
all <- rbind(f(training_data, "training"), f(testing_data, "testing"))
write.table(all, ${JSON.stringify(tsv)}, sep = "\\t", quote = FALSE, row.names = FALSE, fileEncoding = "UTF-8")
`;
execFileSync('Rscript', ['-e', rScript], { stdio: 'inherit' });

const lines = readFileSync(tsv, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);
const header = lines.shift().split('\t');
if (header.join(',') !== 'split,product,review,score') throw new Error(`unexpected header ${header}`);
const rows = lines.map((l, i) => {
  const f = l.split('\t');
  if (f.length !== 4) throw new Error(`line ${i + 2}: ${f.length} fields`);
  return { split: f[0], product: f[1], text: cleanText(f[2]), label: f[3] };
});

const seen = new Set();
const unique = rows.filter((r) => (seen.has(r.text) ? false : (seen.add(r.text), true)));
const training = shuffledBy(
  unique.filter((r) => r.split === 'training'),
  SEED,
  (r) => `${r.product}|${r.text}`,
);
const testing = shuffledBy(
  unique.filter((r) => r.split === 'testing'),
  SEED,
  (r) => `${r.product}|${r.text}`,
);
const count = (l) => training.filter((r) => r.label === l).length;
const great = count('great'),
  other = count('other');
// 70 / 10 / 20 per class.
const part = (n) => ({ train: Math.round(n * 0.7), validation: Math.round(n * 0.1), test: n - Math.round(n * 0.7) - Math.round(n * 0.1) });
const g = part(great),
  o = part(other);
const ind = stratifiedTake(training, (r) => r.label, {
  train: { great: g.train, other: o.train },
  validation: { great: g.validation, other: o.validation },
  test: { great: g.test, other: o.test },
});
const strip = (r) => ({ text: r.text, label: r.label, product: r.product });
const version = debVersion('r-cran-modeldata');

writeDataset(
  ID,
  {
    id: ID,
    name: 'Amazon Fine Food reviews (5 stars or not)',
    task: 'Sentiment: is this product review a 5-star ("great") review or not ("other")?',
    labelNames: ['other', 'great'],
    labelField: 'label',
    textFields: ['text'],
    shift: 'ood = modeldata testing_data: reviews of products that never appear in training (the in-distribution splits are reviews of 10 products only).',
    provenance: {
      package: 'r-cran-modeldata (Debian)',
      version,
      upstream: 'modeldata 1.1.0 (CRAN), data set small_fine_foods',
      source: 'https://snap.stanford.edu/data/web-FineFoods.html',
      packageUrl: 'https://cran.r-project.org/package=modeldata',
      license:
        'modeldata: MIT + file LICENSE. Review texts: Amazon Fine Foods data (McAuley & Leskovec, WWW 2013) from SNAP; no explicit licence is stated there — research use.',
      preparedBy: 'tools/data/prepare_fine_foods.mjs',
      notes: 'Whitespace collapsed, texts cut near 1,000 characters, exact duplicate reviews dropped; seeded 70/10/20 stratified split of training_data.',
    },
  },
  {
    train: ind.train.map(strip),
    validation: ind.validation.map(strip),
    test: ind.test.map(strip),
    ood: testing.map(strip),
  },
);
