// Downloaded model files kept on disk for the CLI (the page uses the Cache API: model_cache.ts), so a
// Hub model is fetched once. One entry per URL: <sha256(url)>.bin and a .json naming its URL and
// version (size + ETag); a changed file on the Hub has another version and is fetched again. Writes
// are temp file + rename, so a killed download never leaves a truncated entry.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FileVersion, ModelCache } from '../model/model_cache';

/** BLORA_CACHE_DIR, else $XDG_CACHE_HOME/blora/models, else ~/.cache/blora/models. */
export function defaultModelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BLORA_CACHE_DIR) return env.BLORA_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'blora', 'models');
}

interface EntryMeta {
  url: string;
  size: number;
  tag?: string;
}

export function diskModelCache(dir: string = defaultModelCacheDir()): ModelCache {
  const base = (url: string) => join(dir, createHash('sha256').update(url).digest('hex'));
  const write = (path: string, data: Uint8Array | string) => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  };
  return {
    async get(url: string, version: FileVersion) {
      try {
        const b = base(url);
        const meta = JSON.parse(readFileSync(`${b}.json`, 'utf8')) as EntryMeta;
        if (meta.url !== url || meta.size !== version.size || (meta.tag ?? '') !== (version.tag ?? '')) return null;
        const bytes = readFileSync(`${b}.bin`);
        return bytes.length === version.size ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : null;
      } catch {
        return null; // absent or unreadable: a miss, never a failed load
      }
    },
    async put(url: string, version: FileVersion, bytes: Uint8Array) {
      try {
        mkdirSync(dir, { recursive: true });
        const b = base(url);
        write(`${b}.bin`, bytes);
        write(`${b}.json`, JSON.stringify({ url, size: version.size, tag: version.tag } satisfies EntryMeta));
        return true;
      } catch {
        return false; // a full or read-only disk: the load goes on uncached
      }
    },
    async sizeBytes() {
      try {
        return readdirSync(dir)
          .filter((f) => f.endsWith('.bin'))
          .reduce((s, f) => s + statSync(join(dir, f)).size, 0);
      } catch {
        return 0;
      }
    },
    async clear() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
