// A model directory on disk (the CLI). Kept apart from sources.ts so browser bundles never
// pull in node:fs.

import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ModelSource } from './sources';

export function nodeDirSource(dir: string, id?: string): ModelSource {
  const root = resolve(dir);
  const exists = async (name: string) => {
    try {
      const s = await stat(join(root, name));
      return s.isFile() ? s.size : null;
    } catch {
      return null;
    }
  };
  return {
    id: id ?? root,
    size: exists,
    async read(name) {
      if ((await exists(name)) === null) return null;
      const buf = await readFile(join(root, name));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
  };
}
