// The machine's f32 peak, from /proc/cpuinfo: the yardstick the matmul figures are a share of.
// Native: 2 FMA pipes × lanes × 2 flops per cycle (AVX-512: 16 lanes, AVX2 + FMA: 8, else SSE: 4
// lanes, mul and add separate). WebAssembly SIMD128 has no FMA and 4 lanes: 2 mul + 2 add pipes ×
// 4 lanes = 16 flops per cycle is its ceiling on the same core.

export interface CpuPeak {
  model: string;
  mhz: number;
  /** The widest vector unit the flags show. */
  isa: 'avx512' | 'avx2+fma' | 'sse';
  /** f32 GFLOP/s of one core with native code, and with WebAssembly SIMD128. */
  nativeGflopsPerCore: number;
  wasmGflopsPerCore: number;
}

export function cpuPeak(cpuinfo: string): CpuPeak {
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  const mhz = Number(field('cpu MHz') ?? NaN);
  const isa = flags.has('avx512f') ? 'avx512' : flags.has('avx2') && flags.has('fma') ? 'avx2+fma' : 'sse';
  const flopsPerCycle = isa === 'avx512' ? 64 : isa === 'avx2+fma' ? 32 : 16;
  const ghz = mhz / 1000;
  return { model: field('model name') ?? 'unknown CPU', mhz, isa, nativeGflopsPerCore: ghz * flopsPerCycle, wasmGflopsPerCore: ghz * 16 };
}
