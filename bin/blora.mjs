#!/usr/bin/env node
// Entry point of the `blora` CLI. The CLI is bundled by `npm run build:cli` (vite.cli.config.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist-cli', 'blora.js');
if (!existsSync(entry)) {
  console.error('blora: the CLI is not built yet. Run `npm run build:cli` in ' + root + ' first.');
  process.exit(2);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
