// Philox4x32-10 (Salmon et al., SC'11): a counter-based RNG, so any element's random number is a
// pure function of (seed, stream, index). The WGSL twin (shaders/philox.wgsl) must be bit-identical.
//
// Contract shared by every backend:
// - key = [seed >>> 0, stream >>> 0], counter = [floor(i / 4), 0, 0, 0]; element i uses word i % 4.
// - uniform(i) = (word >>> 8) · 2⁻²⁴ ∈ [0, 1).
// - normal(j): block = floor(j / 4) gives words w0..w3; for the pair (w0, w1) and the pair (w2, w3):
//   u1 = ((wa >>> 8) + 1) · 2⁻²⁴ ∈ (0, 1], u2 = (wb >>> 8) · 2⁻²⁴,
//   ρ = sqrt(−2 ln u1), n_a = ρ cos(2π u2), n_b = ρ sin(2π u2). Normal j is word j % 4 of that block.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of a 32×32 multiply, via 16-bit halves (the same way WGSL does it); lo is Math.imul. */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff,
    aHi = a >>> 16,
    bLo = b & 0xffff,
    bHi = b >>> 16;
  const lh = aLo * bHi,
    hl = aHi * bLo;
  const mid = ((aLo * bLo) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aHi * bHi + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** One Philox4x32-10 block: 4 random u32 words for (counter, key). Allocation-free: it runs per element in dropout. */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  let x0 = c0 >>> 0,
    x1 = c1 >>> 0,
    x2 = c2 >>> 0,
    x3 = c3 >>> 0;
  let key0 = k0 >>> 0,
    key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi(M0, x0),
      lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2),
      lo1 = Math.imul(M1, x2) >>> 0;
    const n0 = (hi1 ^ x1 ^ key0) >>> 0;
    const n2 = (hi0 ^ x3 ^ key1) >>> 0;
    x0 = n0;
    x1 = lo1;
    x2 = n2;
    x3 = lo0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

const TWO_POW_M24 = 1 / 16777216;

/** Fill `out` with uniforms for indices offset … offset + out.length − 1. */
export function philoxUniform(seed: number, stream: number, out: Float32Array, offset = 0): Float32Array {
  const words = new Uint32Array(4);
  let block = -1;
  for (let j = 0; j < out.length; j++) {
    const i = offset + j;
    const b = Math.floor(i / 4);
    if (b !== block) {
      philox4x32(b, 0, 0, 0, seed, stream, words);
      block = b;
    }
    out[j] = (words[i & 3] >>> 8) * TWO_POW_M24;
  }
  return out;
}

/** Fill `out` with standard normals for indices offset … offset + out.length − 1 (Box–Muller). */
export function philoxNormal(seed: number, stream: number, out: Float32Array, offset = 0): Float32Array {
  const words = new Uint32Array(4);
  const normals = new Float64Array(4);
  let block = -1;
  for (let j = 0; j < out.length; j++) {
    const i = offset + j;
    const b = Math.floor(i / 4);
    if (b !== block) {
      philox4x32(b, 0, 0, 0, seed, stream, words);
      for (let p = 0; p < 4; p += 2) {
        const u1 = ((words[p] >>> 8) + 1) * TWO_POW_M24;
        const u2 = (words[p + 1] >>> 8) * TWO_POW_M24;
        const rho = Math.sqrt(-2 * Math.log(u1));
        normals[p] = rho * Math.cos(2 * Math.PI * u2);
        normals[p + 1] = rho * Math.sin(2 * Math.PI * u2);
      }
      block = b;
    }
    out[j] = normals[i & 3];
  }
  return out;
}
