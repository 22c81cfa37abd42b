// The pretraining corpus must hold no evaluation text (issue 24): tools/pretrain's Python tests plant
// real evaluation texts (SST-2 dev and val, RTE dev, the built-in sets' test and OOD splits) in
// corpus paragraphs and check that the exclusion filter and the hash leak check remove or catch them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

it('the pretraining corpus filter removes every planted evaluation text (tools/pretrain/test_*.py)', () => {
  const run = spawnSync('/usr/bin/python3', ['-m', 'unittest', 'discover', '-s', 'tools/pretrain', '-p', 'test_*.py'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.error).toBeUndefined();
  const out = `${run.stdout}${run.stderr}`;
  expect(out, out).toMatch(/Ran [1-9]\d* tests?/);
  expect(run.status, out).toBe(0);
});
