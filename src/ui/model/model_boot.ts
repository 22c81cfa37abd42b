// Which source a settings model id names, as the spec the worker loads it from (the page never
// reads model files: the worker downloads, caches and parses them).
import type { ModelSourceSpec } from '../../model/source_spec';
import { EMBEDDED_MODEL_ID, appBaseUrlFromDocument, hubBaseUrl } from '../../model/sources';

export interface ModelChoice {
  spec: ModelSourceSpec;
  label: string;
}

export function specForModelId(modelId: string): ModelChoice {
  if (modelId.startsWith('hf:')) {
    const id = modelId.slice(3);
    hubBaseUrl(id); // throws a clear error for an id that is not a Hub id
    return { spec: { kind: 'hub', id }, label: modelId };
  }
  if (modelId !== EMBEDDED_MODEL_ID) throw new Error(`unknown built-in model “${modelId}”; using files or a URL needs loading them again`);
  return embeddedChoice();
}

/** The embedded model, its base URL resolved on the page (a worker would resolve it against its script). */
export function embeddedChoice(): ModelChoice {
  return { spec: { kind: 'embedded', appBaseUrl: appBaseUrlFromDocument() }, label: EMBEDDED_MODEL_ID };
}

/** Only ids a link can carry go into the settings. */
export function linkableModelId(id: string): boolean {
  return /^(?:[a-z0-9-]+|hf:[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?)$/.test(id);
}
