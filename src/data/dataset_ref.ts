// Which data set an experiment uses: a built-in id, or a dropped file named by its content hash
// (SHA-256 hex, or a prefix of it: links carry the hash, never the file). The link codec is the
// URL schema (src/state/schema.ts); DatasetStore.resolveRef finds the file in this browser.

export type DatasetRef = { kind: 'builtin'; id: string } | { kind: 'local'; hash: string; name: string };

/** Does a stored file with this SHA-256 satisfy the reference (the hash may be a prefix)? */
export function refMatchesHash(ref: DatasetRef, hash: string): boolean {
  return ref.kind === 'local' && hash.toLowerCase().startsWith(ref.hash.toLowerCase());
}
