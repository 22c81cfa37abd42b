// Which source a settings model id names, as the spec the worker loads it from (the page never
// reads model files: the worker downloads, caches and parses them).
import type { ModelSourceSpec } from '../../model/source_spec';
import { EMBEDDED_MODEL_ID, appBaseUrlFromDocument, hubBaseUrl } from '../../model/sources';
import { MODEL_ID_PATTERN, REVISION_PATTERN } from '../../state/schema';

export interface ModelChoice {
  spec: ModelSourceSpec;
  label: string;
}

/** `owner/name` or `owner/name@revision` (a branch, tag or commit) as the Hub source spec. */
export function hubChoice(text: string): ModelChoice {
  const at = text.trim().lastIndexOf('@');
  const id = at < 0 ? text.trim() : text.trim().slice(0, at);
  const revision = at < 0 ? undefined : text.trim().slice(at + 1);
  hubBaseUrl(id); // throws a clear error for an id that is not a Hub id
  if (revision !== undefined && !REVISION_PATTERN.test(revision))
    throw new Error(`"${revision}" is not a revision (a branch, tag or commit: letters, digits, . _ -)`);
  return { spec: { kind: 'hub', id, ...(revision ? { revision } : {}) }, label: `hf:${id}${revision ? `@${revision}` : ''}` };
}

export function specForModelId(modelId: string): ModelChoice {
  if (modelId.startsWith('hf:')) return hubChoice(modelId.slice(3));
  if (modelId !== EMBEDDED_MODEL_ID) throw new Error(`unknown built-in model “${modelId}”; using files or a URL needs loading them again`);
  return embeddedChoice();
}

/** The embedded model, its base URL resolved on the page (a worker would resolve it against its script). */
export function embeddedChoice(): ModelChoice {
  return { spec: { kind: 'embedded', appBaseUrl: appBaseUrlFromDocument() }, label: EMBEDDED_MODEL_ID };
}

/** Only ids a link can carry go into the settings. */
export function linkableModelId(id: string): boolean {
  return MODEL_ID_PATTERN.test(id);
}
