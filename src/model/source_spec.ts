// A serialisable description of where to load a model from, so the UI can send it to the
// training worker (File objects survive postMessage). Node directories go through nodeDirSource.

import { embeddedSource, filesSource, hubSource, urlSource, type FetchLike, type FileLike, type ModelSource } from './sources';

export type ModelSourceSpec =
  /** From a worker, pass appBaseUrl: appBaseUrlFromDocument() computed on the page. */
  | { kind: 'embedded'; appBaseUrl?: string }
  | { kind: 'url'; url: string }
  | { kind: 'hub'; id: string; revision?: string }
  | { kind: 'files'; files: readonly FileLike[]; id?: string };

export function sourceFromSpec(spec: ModelSourceSpec, opts: { fetch?: FetchLike; signal?: AbortSignal } = {}): ModelSource {
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
