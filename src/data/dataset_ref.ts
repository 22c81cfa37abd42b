// How a data set is named in the URL: a built-in id ("fine-foods" or "builtin:fine-foods"), or a
// dropped file as "local:<first 12 hex of its SHA-256>:<name>". The file itself never goes in the URL.

export const REF_HASH_CHARS = 12;

export type DatasetRef = { kind: 'builtin'; id: string } | { kind: 'local'; hashPrefix: string; name: string };

export function localDatasetRef(hash: string, name: string): string {
  return `local:${hash.slice(0, REF_HASH_CHARS).toLowerCase()}:${name}`;
}

export function builtinDatasetRef(id: string): string {
  return `builtin:${id}`;
}

/** null when the string is not a data set reference. */
export function parseDatasetRef(str: string): DatasetRef | null {
  const s = str.trim();
  const local = /^local:([0-9a-fA-F]{8,64}):(.*)$/s.exec(s);
  if (local) return { kind: 'local', hashPrefix: local[1].toLowerCase(), name: local[2] };
  const builtin = /^(?:builtin:)?([a-z0-9][a-z0-9-]*)$/.exec(s);
  if (builtin) return { kind: 'builtin', id: builtin[1] };
  return null;
}

export function formatDatasetRef(ref: DatasetRef): string {
  return ref.kind === 'builtin' ? builtinDatasetRef(ref.id) : `local:${ref.hashPrefix}:${ref.name}`;
}

/** Does a file with this SHA-256 satisfy a local reference (e.g. the file the user dropped again)? */
export function refMatchesHash(ref: DatasetRef, hash: string): boolean {
  return ref.kind === 'local' && hash.toLowerCase().startsWith(ref.hashPrefix);
}
