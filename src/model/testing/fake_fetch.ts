// A fetch stand-in for tests: serves files from a map, answers HEAD with Content-Length,
// 404 for anything else, and records every request.

export interface FakeServer {
  fetch: (url: string, init?: { method?: string }) => Promise<Response>;
  requests: { method: string; url: string }[];
}

export function fakeServer(files: Map<string, Uint8Array>, opts: { noContentLength?: boolean; status?: number } = {}): FakeServer {
  const requests: { method: string; url: string }[] = [];
  return {
    requests,
    async fetch(url, init) {
      const method = init?.method ?? 'GET';
      requests.push({ method, url });
      if (opts.status) return new Response(null, { status: opts.status });
      const body = files.get(url);
      if (!body) return new Response(null, { status: 404 });
      const headers: Record<string, string> = opts.noContentLength ? {} : { 'content-length': String(body.length) };
      // Response strips Content-Length from HEAD responses in some runtimes: set it explicitly.
      const res = new Response(method === 'HEAD' ? null : body.slice(), { status: 200, headers });
      if (method === 'HEAD' && !opts.noContentLength && res.headers.get('content-length') === null) {
        return { ok: true, status: 200, headers: new Headers(headers), arrayBuffer: async () => new ArrayBuffer(0) } as unknown as Response;
      }
      return res;
    },
  };
}
