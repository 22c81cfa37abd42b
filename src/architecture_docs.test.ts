// ARCHITECTURE.md and src/gpu/ARCHITECTURE-gpu.md cannot drift from the tree (issue 23): every
// path under src/ they name exists (written `src/…`, or in backquotes from a folder of src/, such
// as `methods/common/train_loop.ts`), and the folder diagram's edges are the import graph that
// tools/lint/folder_cycles.mjs --graph --depth 1 computes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const DOCS = ['ARCHITECTURE.md', 'src/gpu/ARCHITECTURE-gpu.md'];
const SRC_FOLDERS = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** Paths under src/ a document names: `src/x/y.ts` anywhere, and `x/y.ts` in backquotes where x is a folder of src/. */
function namedSrcPaths(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bsrc\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_]/g)) out.add(m[0]);
  for (const m of text.matchAll(/`([a-z_]+)\/([A-Za-z0-9_.\-/]*[A-Za-z0-9_])`/g)) if (SRC_FOLDERS.includes(m[1])) out.add(`src/${m[1]}/${m[2]}`);
  return [...out].sort();
}

const exists = (p: string) => [p, `${p}.ts`, `${p}.tsx`].some((c) => existsSync(join(root, c)));

describe('the architecture documents', () => {
  for (const doc of DOCS) {
    it(`${doc} names only paths that exist`, () => {
      const named = namedSrcPaths(readFileSync(join(root, doc), 'utf8'));
      expect(named.length).toBeGreaterThan(10);
      expect(named.filter((p) => !exists(p))).toEqual([]);
    });
  }

  it("ARCHITECTURE.md's folder graph is the import graph", () => {
    const text = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
    const block = text.match(/<!-- folder-graph[^>]*-->\s*```text\n([\s\S]*?)```/);
    expect(block, 'ARCHITECTURE.md has no <!-- folder-graph --> block').not.toBeNull();
    const documented = block![1].trim().split('\n');
    const computed = execFileSync('node', [join(root, 'tools/lint/folder_cycles.mjs'), '--graph', '--depth', '1'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((l) => l.includes(' -> '));
    expect(documented).toEqual(computed);
  });
});
