// Which source a settings model id names, and the base URL the trainer loads it from.
import { EMBEDDED_MODEL_ID, embeddedSource, hubBaseUrl, hubSource, type ModelSource } from '../../model/sources';
import { embeddedBaseUrl } from './ModelPanel';

export function sourceForModelId(modelId: string): { src: ModelSource; baseUrl: string } {
  if (modelId.startsWith('hf:')) {
    const id = modelId.slice(3);
    return { src: hubSource(id), baseUrl: hubBaseUrl(id) };
  }
  if (modelId !== EMBEDDED_MODEL_ID) throw new Error(`unknown built-in model “${modelId}”; using files or a URL needs loading them again`);
  return { src: embeddedSource(new URL('./', document.baseURI).href), baseUrl: embeddedBaseUrl() };
}
