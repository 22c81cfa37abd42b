// The README's commands work on a fresh machine with no environment variable set (issue 22): the
// repository itself stops onnxruntime-node's install script from downloading its CUDA provider, and
// CI exports nothing that a user's shell lacks (apt's DEBIAN_FRONTEND aside).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('a fresh npm ci needs no environment variable', () => {
  it('package.json denies onnxruntime-node its install script (npm 11 allowScripts)', () => {
    const pkg = JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> };
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
  });

  it('the committed .npmrc setting makes the install script exit without a download (npm 10)', () => {
    const setting = read('.npmrc')
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.startsWith('onnxruntime-node-install'));
    expect(setting).toBe('onnxruntime-node-install=skip');
    const [key, value] = (setting as string).split('=');
    // npm passes a project setting to install scripts as npm_config_<key with _ for ->.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, [`npm_config_${key.replaceAll('-', '_')}`]: value };
    const run = spawnSync(process.execPath, ['node_modules/onnxruntime-node/script/install.js'], { cwd: ROOT, env, encoding: 'utf8', timeout: 20_000 });
    // Without the setting the script asks the NuGet feed for the CUDA provider, which fails offline.
    expect(run.error).toBeUndefined();
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/nuget|ENOTFOUND|download/i);
    expect(run.status).toBe(0);
  });

  it('.ci/run exports nothing the README commands lack and serves the page with npm start', () => {
    const ci = read('.ci/run');
    const exported = [...ci.matchAll(/^\s*export\s+([A-Z_][A-Z0-9_]*)/gm)].map((m) => m[1]);
    expect(exported.filter((name) => name !== 'DEBIAN_FRONTEND')).toEqual([]);
    expect(ci).not.toMatch(/ONNXRUNTIME_NODE_INSTALL/);
    expect(ci).toMatch(/^bash tools\/ci\/start_smoke\.sh$/m);
    expect(ci.indexOf('start_smoke')).toBeLessThan(ci.indexOf('npm test'));
  });
});
