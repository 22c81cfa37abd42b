// Read a response body chunk by chunk so the page can show bytes received / total while a large
// file downloads (arrayBuffer() says nothing until the end).

export interface ReadProgress {
  received: number;
  /** From Content-Length; undefined when the server does not say. */
  total?: number;
  /** The bytes came from the model cache, not the network. */
  fromCache: boolean;
}

/**
 * The whole body as bytes, calling onProgress after each chunk. A body of another length than the
 * announced Content-Length is an error (a cut connection must not pass for a whole file), except
 * for a compressed body, whose Content-Length counts the compressed bytes.
 */
export async function readBody(res: Response, onProgress?: (p: ReadProgress) => void): Promise<Uint8Array> {
  const total = contentLength(res);
  const encoding = res.headers.get('content-encoding');
  const exact = total !== undefined && (encoding === null || encoding === 'identity') ? total : undefined;
  const reader = res.body?.getReader();
  if (!reader) {
    // Runtimes (or fakes) without a stream: one step.
    const bytes = new Uint8Array(await res.arrayBuffer());
    checkLength(bytes.length, exact);
    onProgress?.({ received: bytes.length, total: total ?? bytes.length, fromCache: false });
    return bytes;
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  onProgress?.({ received: 0, total, fromCache: false });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (exact !== undefined && received > exact) {
      await reader.cancel().catch(() => {});
      checkLength(received, exact);
    }
    onProgress?.({ received, total, fromCache: false });
  }
  checkLength(received, exact);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(received);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function checkLength(received: number, total: number | undefined): void {
  if (total !== undefined && received !== total) throw new Error(`the download was cut short: ${received} of ${total} bytes arrived`);
}

/** Content-Length as a number, undefined when absent or not a plain integer. */
export function contentLength(res: Response): number | undefined {
  const len = res.headers.get('content-length');
  return len !== null && /^\d+$/.test(len) ? Number(len) : undefined;
}
