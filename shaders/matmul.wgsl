// Tiled matmul C = alpha · op(A) op(B) (+ bias) (+ s · T op(L)) (+ C), f32, row-major.
// op(A) is [M, K], op(B) is [K, N]. A workgroup of 8×8 threads computes a 32×32 tile of C, each
// thread a 4×4 micro-tile, staging 32×16 tiles of A and 16×32 tiles of B in workgroup memory.
// The optional low-rank epilogue (LOWRANK) fuses a LoRA / LoRA-XS branch into the same kernel:
// T is [M, R]; L is [N, R] (LR_TRANS) or [R, N]. R is small (the adapter rank), read directly.
// Bounds-checked: any M, N, K (zeros pad partial tiles).
// GELU_OUT adds an activation epilogue: c gets the pre-activation (kept for the backward) and act
// gets gelu(c), so a linear layer and its GELU are one dispatch (std_normal_cdf from gelu_lib.wgsl).

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
    for (var kk = 0u; kk < TK; kk++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) { av[i] = tile_a[(lid.y * 4u + i) * TK + kk]; }
      for (var j = 0u; j < 4u; j++) { bv[j] = tile_b[kk * TN + lid.x * 4u + j]; }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i][j] = fma(av[i], bv[j], acc[i][j]); }
      }
    }
    workgroupBarrier();
  }

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
