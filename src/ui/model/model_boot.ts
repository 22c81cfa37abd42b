// Which source a settings model id names, as the spec the worker loads it from (the page never
// reads model files: the worker downloads, caches and parses them).
import type { ModelSourceSpec } from '../../model/source_description';
import { EMBEDDED_MODEL_ID, appBaseUrlFromDocument, parseHubRef } from '../../model/sources';
import { MODEL_ID_PATTERN } from '../../state/schema';

export interface ModelChoice {
  spec: ModelSourceSpec;
  label: string;
}

/** `owner/name` or `owner/name@revision` (a branch, tag or commit) as the Hub source spec. */
export function hubChoice(text: string): ModelChoice {
  const { id, revision } = parseHubRef(text); // refuses an invalid id or revision with a clear message
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

/**
 * What the page does with the model its settings (a link, a reload) name: the embedded model
 * ships with the page and loads by itself; a Hub model is a network download of up to hundreds of
 * MB, so it waits for a click ('confirm') unless its weights are already in this browser's model
 * cache (`weightsCached`: loading then reads them from disk). Unknown ids are refused.
 */
export type BootAction = { action: 'load'; choice: ModelChoice } | { action: 'confirm'; choice: ModelChoice } | { action: 'refuse'; error: string };

export function bootAction(modelId: string, weightsCached = false): BootAction {
  let choice: ModelChoice;
  try {
    choice = specForModelId(modelId);
  } catch (e) {
    return { action: 'refuse', error: e instanceof Error ? e.message : String(e) };
  }
  return choice.spec.kind === 'hub' && !weightsCached ? { action: 'confirm', choice } : { action: 'load', choice };
}
