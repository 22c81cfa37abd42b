#!/usr/bin/env node
// Minimal static server for dist/ with the cross-origin isolation headers the app needs
// (SharedArrayBuffer, threaded wasm). No dependencies. PORT env overrides 4173; binds 127.0.0.1.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', process.env.SERVE_DIR ?? 'dist');
const port = Number(process.env.PORT ?? 4173);
const host = '127.0.0.1';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.wgsl': 'text/plain; charset=utf-8',
};

/** Content type for a path; `.json.gz` is served as gzip bytes (the app decompresses it). */
export function mimeFor(path) {
  if (path.endsWith('.json.gz') || path.endsWith('.gz')) return 'application/gzip';
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const server = createServer((req, res) => {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, headers).end('bad request');
    return;
  }
  // Refuse paths that escape the served folder.
  const file = normalize(join(root, urlPath));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403, headers).end('forbidden');
    return;
  }
  let target = file;
  try {
    if (statSync(target).isDirectory()) target = join(target, 'index.html');
    const st = statSync(target);
    res.writeHead(200, { ...headers, 'Content-Type': mimeFor(target), 'Content-Length': st.size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(target).pipe(res);
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
  }
});

server.listen(port, host, () => {
  console.log(`Serving ${root} at http://${host}:${port}/`);
});
