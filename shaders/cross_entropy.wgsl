// Softmax cross-entropy, mean over rows. `rows`: one thread per row writes its loss
// (logsumexp − z[label]) and dLogits = (softmax − onehot) / N. `mean`: one workgroup sums the row
// losses in a fixed order (deterministic) into loss[0]. Labels outside [0, C) count as no target.

struct Params {
  N: u32,
  C: u32,
}

override WG: u32 = 64; // power of two

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<i32>;
@group(0) @binding(3) var<storage, read_write> row_loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> dlogits: array<f32>;

@compute @workgroup_size(WG)
fn rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = flat(gid, nwg);
  if (n >= p.N) { return; }
  let base = n * p.C;
  var m = -3.4028234663852886e38;
  for (var c = 0u; c < p.C; c++) { m = max(m, logits[base + c]); }
  var sum = 0.0;
  for (var c = 0u; c < p.C; c++) { sum += exp(logits[base + c] - m); }
  let lse = m + log(sum);
  let label = labels[n];
  var target_logit = lse;
  if (label >= 0 && u32(label) < p.C) { target_logit = logits[base + u32(label)]; }
  row_loss[n] = lse - target_logit;
  let invN = 1.0 / f32(p.N);
  for (var c = 0u; c < p.C; c++) {
    let onehot = select(0.0, 1.0, i32(c) == label);
    dlogits[base + c] = (exp(logits[base + c] - m) / sum - onehot) * invN;
  }
}

/** row_loss binding holds the per-row losses; writes the mean into dlogits[0] (the loss tensor). */
@compute @workgroup_size(WG)
fn mean(@builtin(local_invocation_index) t: u32) {
  var s = 0.0;
  for (var n = t; n < p.N; n += WG) { s += row_loss[n]; }
  let total = reduce_sum(t, s);
  if (t == 0u) { dlogits[0] = total / f32(p.N); }
}
