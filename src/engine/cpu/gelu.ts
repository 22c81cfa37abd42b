// Exact GELU: x · Φ(x) = 0.5 x (1 + erf(x / √2)), as Hugging Face's "gelu" (torch erf GELU).
// erf needs better than ~1e-7 relative accuracy for 1e-4 gradient checks, so Abramowitz–Stegun
// 7.1.26 (2.5e-5 absolute) is not enough. We use the Numerical Recipes erfc Chebyshev fit
// (fractional error < 1.2e-7 everywhere); the WGSL twin can use the same polynomial in f32.

/** erf by its Maclaurin series; used for |x| < 0.5 where erfc-based erf would lose relative accuracy. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x,
    sum = x;
  for (let n = 1; n < 12; n++) {
    term *= -x2 / n;
    sum += term / (2 * n + 1);
  }
  return sum * 1.1283791670955126; // 2/√π
}

/** Complementary error function, |relative error| < 1.2e-7 (Numerical Recipes erfcc; series near 0). */
export function erfc(x: number): number {
  if (Math.abs(x) < 0.5) return 1 - erfSeries(x);
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function erf(x: number): number {
  return Math.abs(x) < 0.5 ? erfSeries(x) : 1 - erfc(x);
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function geluScalar(x: number): number {
  // For x < 0, 0.5·erfc(−x/√2) avoids cancellation in 1 + erf.
  return x * 0.5 * erfc(-x * INV_SQRT2);
}

/** d/dx GELU = Φ(x) + x φ(x). */
export function geluGradScalar(x: number): number {
  return 0.5 * erfc(-x * INV_SQRT2) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

export function geluCpu(x: Float32Array): Float32Array {
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = geluScalar(x[i]);
  return y;
}

export function geluBackwardCpu(dy: Float32Array, x: Float32Array): Float32Array {
  const dx = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) dx[i] = dy[i] * geluGradScalar(x[i]);
  return dx;
}
