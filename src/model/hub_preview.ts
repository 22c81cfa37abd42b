// What loading a Hub model would download, found without downloading it: the files the loader
// would read and their sizes from HEAD requests (a sharded checkpoint's total from its small
// index), and whether the weights are already in this browser's model cache. A link that names a
// Hub model shows this and waits for a click; only cached weights load by themselves.
import { WEIGHT_FILES } from './checkpoint_files';
import { headFile, getFile, type HeadInfo, type HttpOptions } from './http_fetch';
import { cacheKey, MODEL_CACHE_NAME, type CacheStorageLike } from './model_cache';
import { hubBaseUrl, type FetchLike } from './sources';

export interface HubPreview {
  /** The files loading would read, with their sizes (undefined: the server did not say). */
  files: { name: string; size?: number }[];
  /** Bytes loading would download; undefined when a size is unknown. */
  totalBytes?: number;
  /** The weights are in this browser's model cache at their current version: loading downloads no weights. */
  weightsCached: boolean;
}

/** The files the loader reads, in its order of preference (loader.ts). */
const CANDIDATES = ['config.json', 'tokenizer.json', 'vocab.txt', 'tokenizer_config.json', ...WEIGHT_FILES] as const;

export async function previewHubModel(
  id: string,
  opts: { revision?: string; endpoint?: string; fetch?: FetchLike; caches?: CacheStorageLike; signal?: AbortSignal } = {},
): Promise<HubPreview> {
  const base = hubBaseUrl(id, opts.revision, opts.endpoint);
  const http: HttpOptions = { fetch: opts.fetch ?? ((u, i) => fetch(u, i)), signal: opts.signal, retry: { attempts: 2 } };
  const heads = new Map<string, HeadInfo | null>();
  await Promise.all(CANDIDATES.map(async (n) => heads.set(n, await headFile(base + n, n, http))));
  const present = (n: string) => heads.get(n) !== null && heads.get(n) !== undefined;
  const weights = WEIGHT_FILES.find(present);
  const names = CANDIDATES.filter(
    (n) => present(n) && !(n === 'vocab.txt' && present('tokenizer.json')) && (!(WEIGHT_FILES as readonly string[]).includes(n) || n === weights),
  );
  const files: HubPreview['files'] = names.map((name) => ({ name, size: heads.get(name)?.size }));
  if (weights === 'model.safetensors.index.json') {
    // The shards' sizes: the index's metadata.total_size (a few kB read, not the weights).
    const index = await getFile(base + weights, weights, http).catch(() => null);
    const total = index ? (JSON.parse(new TextDecoder().decode(index)) as { metadata?: { total_size?: unknown } }).metadata?.total_size : undefined;
    files.push({ name: 'shards (model-*.safetensors)', size: typeof total === 'number' ? total : undefined });
  }
  const totalBytes = files.every((f) => f.size !== undefined) ? files.reduce((a, f) => a + (f.size ?? 0), 0) : undefined;
  return { files, totalBytes, weightsCached: await inCache(base, weights, heads, opts.caches) };
}

async function inCache(
  base: string,
  weights: string | undefined,
  heads: Map<string, HeadInfo | null>,
  storage: CacheStorageLike | undefined,
): Promise<boolean> {
  const h = weights && weights !== 'model.safetensors.index.json' ? heads.get(weights) : undefined;
  if (!h || h.size === undefined || !storage) return false;
  try {
    const keys = await (await storage.open(MODEL_CACHE_NAME)).keys();
    const key = cacheKey(base + weights, { size: h.size, tag: h.tag });
    return keys.some((k) => k.url === key);
  } catch {
    return false;
  }
}
