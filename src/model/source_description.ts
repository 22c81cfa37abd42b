// A serialisable description of where to load a model from, so the UI can send it to the
// training worker (File objects survive postMessage). Node directories go through nodeDirSource.

import { embeddedSource, filesSource, hubSource, urlSource, type FileLike, type ModelSource, type UrlSourceOptions } from './sources';

export type ModelSourceSpec =
  /** From a worker, pass appBaseUrl: appBaseUrlFromDocument() computed on the page. */
  | { kind: 'embedded'; appBaseUrl?: string }
  | { kind: 'url'; url: string }
  | { kind: 'hub'; id: string; revision?: string }
  | { kind: 'files'; files: readonly FileLike[]; id?: string };

export function sourceFromSpec(spec: ModelSourceSpec, opts: Omit<UrlSourceOptions, 'id'> = {}): ModelSource {
  switch (spec.kind) {
    case 'embedded':
      return embeddedSource(spec.appBaseUrl, opts);
    case 'url':
      return urlSource(spec.url, opts);
    case 'hub':
      return hubSource(spec.id, { ...opts, revision: spec.revision });
    case 'files':
      return filesSource(spec.files, spec.id);
  }
}

/** Equal for two specs that name the same files (the worker skips a load it already has). */
export function specKey(spec: ModelSourceSpec): string {
  switch (spec.kind) {
    case 'embedded':
      return `embedded|${spec.appBaseUrl ?? ''}`;
    case 'url':
      return `url|${spec.url}`;
    case 'hub':
      return `hub|${spec.id.trim()}|${spec.revision ?? 'main'}`;
    case 'files':
      return `files|${spec.files.map((f) => `${f.webkitRelativePath || f.name}:${f.size}:${(f as { lastModified?: number }).lastModified ?? ''}`).join(',')}`;
  }
}
