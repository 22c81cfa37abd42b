// Node-only BuiltinSource: reads public/datasets/ from the repository (tests, CLI).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from './errors';
import type { BuiltinSource } from './builtin';

/** The repo's public/ folder: next to this source file's src/, else under the working directory. */
export function defaultPublicDir(): string {
  const fromHere = resolve(dirname(fileURLToPath(import.meta.url)), '../../public');
  return existsSync(join(fromHere, 'datasets')) ? fromHere : resolve(process.cwd(), 'public');
}

export function nodeBuiltinSource(publicDir: string = defaultPublicDir()): BuiltinSource {
  const root = join(publicDir, 'datasets');
  return {
    describe: root,
    async read(path) {
      if (path.split('/').includes('..')) fail('READ_FAILED', `Refusing path "${path}".`, { file: path });
      try {
        return new Uint8Array(await readFile(join(root, path)));
      } catch (e) {
        fail('READ_FAILED', `Could not read ${join(root, path)}: ${(e as Error).message}`, { file: path });
      }
    },
  };
}
