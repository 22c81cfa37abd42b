// BERT embeddings forward: out[n] = word[ids[n]] + pos[n mod seqLen] + type[typeIds[n]].
// One thread per output element; out-of-range ids contribute zero (bounds-checked).

struct Params {
  N: u32,
  D: u32,
  seqLen: u32,
  vocab: u32,
  maxPos: u32,
  types: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read> type_ids: array<i32>;
@group(0) @binding(3) var<storage, read> word: array<f32>;
@group(0) @binding(4) var<storage, read> pos: array<f32>;
@group(0) @binding(5) var<storage, read> typ: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.N * p.D) { return; }
  let n = i / p.D;
  let d = i % p.D;
  var v = 0.0;
  let w = ids[n];
  if (w >= 0 && u32(w) < p.vocab) { v += word[u32(w) * p.D + d]; }
  let ps = n % p.seqLen;
  if (ps < p.maxPos) { v += pos[ps * p.D + d]; }
  let t = type_ids[n];
  if (t >= 0 && u32(t) < p.types) { v += typ[u32(t) * p.D + d]; }
  out[i] = v;
}
