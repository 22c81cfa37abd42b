// Bayesian model average over S posterior samples (METHOD.md §4), one thread per example.
// CPU twin: bayesAverage (src/bayes/predictive.ts).
// Input [S, N, C] logits (input_is_logits = 1) or probabilities (0). Outputs:
//   mean_probs [N, C]      p = (1/S) Σ_s p_s
//   sample_entropy [S, N]  H(p_s) = −Σ_c p_s,c log p_s,c (0 log 0 = 0)
//   summary [N, 3]         (H(p), (1/S) Σ_s H(p_s), MI = max(H(p) − mean_s H(p_s), 0))

struct Params {
  S: u32,
  N: u32,
  C: u32,
  input_is_logits: u32,
}

override WG: u32 = 64;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> inputs: array<f32>;
@group(0) @binding(2) var<storage, read_write> mean_probs: array<f32>;
@group(0) @binding(3) var<storage, read_write> sample_entropy: array<f32>;
@group(0) @binding(4) var<storage, read_write> summary: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = gid.x;
  if (n >= params.N) {
    return;
  }
  let C = params.C;
  let inv_s = 1.0 / f32(params.S);
  for (var c = 0u; c < C; c++) {
    mean_probs[n * C + c] = 0.0;
  }
  var expected_entropy = 0.0;
  for (var s = 0u; s < params.S; s++) {
    let base = (s * params.N + n) * C;
    var h = 0.0;
    if (params.input_is_logits != 0u) {
      // Stable softmax: log p_c = z_c − max − log Σ exp(z − max).
      var mx = inputs[base];
      for (var c = 1u; c < C; c++) {
        mx = max(mx, inputs[base + c]);
      }
      var sum = 0.0;
      for (var c = 0u; c < C; c++) {
        sum += exp(inputs[base + c] - mx);
      }
      let log_sum = log(sum);
      for (var c = 0u; c < C; c++) {
        let lp = inputs[base + c] - mx - log_sum;
        let p = exp(lp);
        h -= p * lp;
        mean_probs[n * C + c] += p * inv_s;
      }
    } else {
      for (var c = 0u; c < C; c++) {
        let p = inputs[base + c];
        if (p > 0.0) {
          h -= p * log(p);
        }
        mean_probs[n * C + c] += p * inv_s;
      }
    }
    sample_entropy[s * params.N + n] = h;
    expected_entropy += h * inv_s;
  }
  var total = 0.0;
  for (var c = 0u; c < C; c++) {
    let p = mean_probs[n * C + c];
    if (p > 0.0) {
      total -= p * log(p);
    }
  }
  summary[n * 3u + 0u] = total;
  summary[n * 3u + 1u] = expected_entropy;
  summary[n * 3u + 2u] = max(total - expected_entropy, 0.0); // MI ≥ 0 (Jensen); clip f32 round-off.
}
