// CRC-32 (the IEEE polynomial of gzip, zip and PNG), table-driven and incremental: the gzip reader
// updates it chunk by chunk over the decompressed bytes, so no chunk is kept to check it later.

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  return t;
})();

/** The CRC-32 of `bytes` continued from `crc` (the CRC of what came before; 0 to start). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
