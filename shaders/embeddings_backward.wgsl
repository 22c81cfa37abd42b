// Deterministic scatter-add for the embedding tables (no float atomics; order = ascending n, as a
// sequential CPU loop adds). Rows n with equal index form a chain:
//   `chain`:   one thread per row n; links[n] = next n' > n with idx[n'] = idx[n] (or N),
//              links[N + n] = 1 if n is the first row with its index.
//   `scatter`: one thread per (chain head n, column d) walks its chain: table[idx] += Σ src rows.
//   `scatter_pos`: position table, row p gets rows b·seqLen + p.

struct Params {
  N: u32,
  D: u32,
  seqLen: u32,
  rowsInTable: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> idx: array<i32>;
@group(0) @binding(2) var<storage, read> src: array<f32>;
@group(0) @binding(3) var<storage, read_write> links: array<u32>;
@group(0) @binding(4) var<storage, read_write> table: array<f32>;

@compute @workgroup_size(WG)
fn chain(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = flat(gid, nwg);
  if (n >= p.N) { return; }
  let id = idx[n];
  var head = 1u;
  var next = p.N;
  for (var m = 0u; m < p.N; m++) {
    if (idx[m] == id) {
      if (m < n) { head = 0u; }
      if (m > n && next == p.N) { next = m; }
    }
  }
  links[n] = next;
  links[p.N + n] = head;
}

@compute @workgroup_size(WG)
fn scatter(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.N * p.D) { return; }
  let n = i / p.D;
  let d = i % p.D;
  let id = idx[n];
  if (links[p.N + n] == 0u || id < 0 || u32(id) >= p.rowsInTable) { return; }
  let o = u32(id) * p.D + d;
  var acc = table[o];
  var m = n;
  loop {
    acc += src[m * p.D + d];
    m = links[m];
    if (m >= p.N) { break; }
  }
  table[o] = acc;
}

@compute @workgroup_size(WG)
fn scatter_pos(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat(gid, nwg);
  if (i >= p.seqLen * p.D) { return; }
  let ps = i / p.D;
  let d = i % p.D;
  if (ps >= p.rowsInTable) { return; }
  var acc = table[i];
  for (var n = ps; n < p.N; n += p.seqLen) { acc += src[n * p.D + d]; }
  table[i] = acc;
}
