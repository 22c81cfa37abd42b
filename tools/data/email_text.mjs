// Turns a raw RFC 822 message into "subject + body" text: headers dropped, MIME parts walked
// (text/plain preferred, text/html stripped of tags), quoted-printable and base64 decoded.

function splitHeadersBody(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? [raw.slice(0, m.index), raw.slice(m.index + m[0].length)] : [raw, ''];
}

function parseHeaders(block) {
  const headers = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) {
      const k = line.slice(0, i).trim().toLowerCase();
      if (!(k in headers)) headers[k] = line.slice(i + 1).trim();
    }
  }
  return headers;
}

function decodeQP(s) {
  const bytes = [];
  const t = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
      bytes.push(parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(t.charCodeAt(i) & 0xff);
  }
  return bytesToText(Uint8Array.from(bytes));
}

function bytesToText(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function decodeBody(body, encoding) {
  const enc = (encoding || '').toLowerCase();
  if (enc.includes('quoted-printable')) return decodeQP(body);
  if (enc.includes('base64')) {
    try {
      return bytesToText(Uint8Array.from(Buffer.from(body.replace(/\s+/g, ''), 'base64')));
    } catch {
      return '';
    }
  }
  return body;
}

function decodeEncodedWords(s) {
  return s.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, _cs, kind, data) =>
    kind.toUpperCase() === 'B' ? bytesToText(Uint8Array.from(Buffer.from(data, 'base64'))) : decodeQP(data.replace(/_/g, ' ')),
  );
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function stripHtml(html) {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/tr>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** Returns { plain, html } text collected from the MIME tree. */
function walk(headers, body, depth = 0) {
  const ct = (headers['content-type'] || 'text/plain').toLowerCase();
  if (ct.startsWith('multipart/') && depth < 5) {
    const bm = /boundary="?([^";]+)"?/i.exec(headers['content-type']);
    if (!bm) return { plain: body, html: '' };
    const parts = body.split(new RegExp(`^--${bm[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?\\s*$`, 'm')).slice(1);
    const out = { plain: '', html: '' };
    for (const part of parts) {
      const [h, b] = splitHeadersBody(part.replace(/^\r?\n/, ''));
      const r = walk(parseHeaders(h), b, depth + 1);
      out.plain += r.plain ? `${r.plain}\n` : '';
      out.html += r.html ? `${r.html}\n` : '';
    }
    return out;
  }
  if (ct.startsWith('message/rfc822')) {
    const [h, b] = splitHeadersBody(body);
    return walk(parseHeaders(h), b, depth + 1);
  }
  const text = decodeBody(body, headers['content-transfer-encoding']);
  if (ct.startsWith('text/html')) return { plain: '', html: stripHtml(text) };
  if (ct.startsWith('text/') || !headers['content-type']) {
    // Some spam sends HTML as text/plain.
    return { plain: /<html|<body|<table|<font/i.test(text) ? stripHtml(text) : text, html: '' };
  }
  return { plain: '', html: '' }; // attachments, images
}

/** Subject and readable body of a raw message. */
export function emailToText(raw) {
  const [h, b] = splitHeadersBody(raw);
  const headers = parseHeaders(h);
  const { plain, html } = walk(headers, b);
  const body = plain.trim() ? plain : html;
  return { subject: decodeEncodedWords(headers.subject || '').trim(), body };
}
