// erf GELU building blocks shared by gelu.wgsl and matmul.wgsl's GELU epilogue (prepended as a library,
// src/gpu/wgsl_libraries.ts): erfc by the Numerical Recipes Chebyshev fit (relative error < 1.2e-7 for all
// arguments) and the standard normal CDF Φ(v) = ½ erfc(−v/√2). CPU twin: src/engine/cpu/gelu.ts.

fn erfc_nonneg(z: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * exp(-z * z + poly);
}

fn erfc_f32(z: f32) -> f32 {
  if (z >= 0.0) { return erfc_nonneg(z); }
  return 2.0 - erfc_nonneg(-z);
}

fn std_normal_cdf(v: f32) -> f32 {
  return 0.5 * erfc_f32(-v * 0.70710678118654752);
}
