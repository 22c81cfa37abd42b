// Tiled matmul C = alpha · op(A) op(B) (+ bias) (+ s · T op(L)) (+ C), f32, row-major.
// op(A) is [M, K], op(B) is [K, N]. A workgroup of 8×8 threads computes a 32×32 tile of C, each
// thread a 4×4 micro-tile, staging 32×16 tiles of A and 16×32 tiles of B in workgroup memory.
// The optional low-rank epilogue (LOWRANK) fuses a LoRA / LoRA-XS branch into the same kernel:
// T is [M, R]; L is [N, R] (LR_TRANS) or [R, N]. R is small (the adapter rank), read directly.
// Bounds-checked: any M, N, K (zeros pad partial tiles).
// GELU_OUT adds an activation epilogue: c gets the pre-activation (kept for the backward) and act
// gets gelu(c), so a linear layer and its GELU are one dispatch (std_normal_cdf from lib_gelu.wgsl).

struct Params {
  M: u32,
  N: u32,
  K: u32,
  R: u32,
  alpha: f32,
  s: f32,
}

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override ACCUMULATE: bool = false;
override LOWRANK: bool = false;
override LR_TRANS: bool = true;
override GELU_OUT: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read> lr_t: array<f32>;
@group(0) @binding(5) var<storage, read> lr_l: array<f32>;
@group(0) @binding(6) var<storage, read_write> c: array<f32>;
@group(0) @binding(7) var<storage, read_write> act: array<f32>;

const TM: u32 = 32u;
const TN: u32 = 32u;
const TK: u32 = 16u;

var<workgroup> tile_a: array<f32, 512>; // [TM][TK]
var<workgroup> tile_b: array<f32, 512>; // [TK][TN]

fn load_a(m: u32, k: u32) -> f32 {
  if (m >= p.M || k >= p.K) { return 0.0; }
  if (TRANS_A) { return a[k * p.M + m]; }
  return a[m * p.K + k];
}

fn load_b(k: u32, n: u32) -> f32 {
  if (k >= p.K || n >= p.N) { return 0.0; }
  if (TRANS_B) { return b[n * p.K + k]; }
  return b[k * p.N + n];
}

// 4 × 4 multiply-adds per thread per k of the staged tiles.
fn mma(lid: vec3<u32>, acc: ptr<function, array<array<f32, 4>, 4>>) {
  for (var kk = 0u; kk < TK; kk++) {
    var av: array<f32, 4>;
    var bv: array<f32, 4>;
    for (var i = 0u; i < 4u; i++) { av[i] = tile_a[(lid.y * 4u + i) * TK + kk]; }
    for (var j = 0u; j < 4u; j++) { bv[j] = tile_b[kk * TN + lid.x * 4u + j]; }
    for (var i = 0u; i < 4u; i++) {
      for (var j = 0u; j < 4u; j++) { (*acc)[i][j] = fma(av[i], bv[j], (*acc)[i][j]); }
    }
  }
}

fn epilogue(m0: u32, n0: u32, lid: vec3<u32>, acc: array<array<f32, 4>, 4>) {
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + lid.y * 4u + i;
    if (m >= p.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let n = n0 + lid.x * 4u + j;
      if (n >= p.N) { continue; }
      var v = p.alpha * acc[i][j];
      if (HAS_BIAS) { v += bias[n]; }
      if (LOWRANK) {
        var lr = 0.0;
        for (var r = 0u; r < p.R; r++) {
          var l: f32;
          if (LR_TRANS) { l = lr_l[n * p.R + r]; } else { l = lr_l[r * p.N + n]; }
          lr = fma(lr_t[m * p.R + r], l, lr);
        }
        v += p.s * lr;
      }
      let o = m * p.N + n;
      if (ACCUMULATE) { v += c[o]; }
      c[o] = v;
      if (GELU_OUT) { act[o] = v * std_normal_cdf(v); }
    }
  }
}

@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tid = lid.y * 8u + lid.x;
  let m0 = wid.y * TM;
  let n0 = wid.x * TN;
  var acc: array<array<f32, 4>, 4>;
  for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = 0.0; } }
  for (var k0 = 0u; k0 < p.K; k0 += TK) {
    for (var e = 0u; e < 8u; e++) {
      let idx = tid + e * 64u;
      tile_a[idx] = load_a(m0 + idx / TK, k0 + idx % TK);
      tile_b[idx] = load_b(k0 + idx / TN, n0 + idx % TN);
    }
    workgroupBarrier();
    mma(lid, &acc);
    workgroupBarrier();
  }
  epilogue(m0, n0, lid, acc);
}

// The same product with the tiles staged by vec4 loads (two of A and two of B per thread per k-step
// instead of eight scalar loads each). The host picks it when every row of A and B that is read
// contiguously has a multiple of 4 elements (A: K, or M when TRANS_A; B: N, or K when TRANS_B), so a
// vec4 never straddles a row end and the bounds check per vec4 is exact.
@group(0) @binding(1) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;

fn stage_a4(v: u32, m0: u32, k0: u32) {
  if (TRANS_A) {
    // A is [K, M]: 16 k-rows of 32 m, 8 vec4 per row.
    let kk = v / 8u;
    let mq = (v % 8u) * 4u;
    let k = k0 + kk;
    let m = m0 + mq;
    var x = vec4<f32>(0.0);
    if (k < p.K && m < p.M) { x = a4[(k * p.M + m) / 4u]; }
    for (var q = 0u; q < 4u; q++) { tile_a[(mq + q) * TK + kk] = x[q]; }
  } else {
    // A is [M, K]: 32 m-rows of 16 k, 4 vec4 per row.
    let row = v / 4u;
    let kq = (v % 4u) * 4u;
    let m = m0 + row;
    let k = k0 + kq;
    var x = vec4<f32>(0.0);
    if (m < p.M && k < p.K) { x = a4[(m * p.K + k) / 4u]; }
    for (var q = 0u; q < 4u; q++) { tile_a[row * TK + kq + q] = x[q]; }
  }
}

fn stage_b4(v: u32, k0: u32, n0: u32) {
  if (TRANS_B) {
    // B is [N, K]: 32 n-rows of 16 k, 4 vec4 per row.
    let nrow = v / 4u;
    let kq = (v % 4u) * 4u;
    let n = n0 + nrow;
    let k = k0 + kq;
    var x = vec4<f32>(0.0);
    if (n < p.N && k < p.K) { x = b4[(n * p.K + k) / 4u]; }
    for (var q = 0u; q < 4u; q++) { tile_b[(kq + q) * TN + nrow] = x[q]; }
  } else {
    // B is [K, N]: 16 k-rows of 32 n, 8 vec4 per row.
    let kk = v / 8u;
    let nq = (v % 8u) * 4u;
    let k = k0 + kk;
    let n = n0 + nq;
    var x = vec4<f32>(0.0);
    if (k < p.K && n < p.N) { x = b4[(k * p.N + n) / 4u]; }
    for (var q = 0u; q < 4u; q++) { tile_b[kk * TN + nq + q] = x[q]; }
  }
}

@compute @workgroup_size(8, 8)
fn main_vec4(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let tid = lid.y * 8u + lid.x;
  let m0 = wid.y * TM;
  let n0 = wid.x * TN;
  var acc: array<array<f32, 4>, 4>;
  for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = 0.0; } }
  for (var k0 = 0u; k0 < p.K; k0 += TK) {
    for (var e = 0u; e < 2u; e++) {
      stage_a4(tid + e * 64u, m0, k0);
      stage_b4(tid + e * 64u, k0, n0);
    }
    workgroupBarrier();
    mma(lid, &acc);
    workgroupBarrier();
  }
  epilogue(m0, n0, lid, acc);
}
