// Typed, readable GPU errors. The app switches on `code` to choose what to show (and whether to
// fall back to the CPU backend); the message is written for a person.

export type GpuErrorCode =
  | 'no-webgpu' // navigator.gpu (or the injected GPU object) is missing
  | 'no-adapter' // requestAdapter() returned null
  | 'fallback-adapter' // only a software adapter (SwiftShader) is available and allowFallback is off
  | 'limit-too-small' // the adapter cannot grant a limit we need
  | 'limit-exceeded' // an op's shape would exceed a device limit
  | 'device-lost' // the device was lost (driver reset, destroy(), tab in background…)
  | 'timeout' // a GPU wait did not finish in time (hung GPU process)
  | 'out-of-memory' // the device could not allocate (uncaptured GPUOutOfMemoryError)
  | 'validation'; // a WebGPU validation error (bad WGSL, bad bindings…) surfaced by an error scope

export interface GpuErrorDetails {
  limit?: string;
  needed?: number;
  available?: number;
  reason?: string;
  what?: string;
  ms?: number;
}

export class GpuError extends Error {
  readonly code: GpuErrorCode;
  readonly details: GpuErrorDetails;
  constructor(code: GpuErrorCode, message: string, details: GpuErrorDetails = {}) {
    super(message);
    this.name = 'GpuError';
    this.code = code;
    this.details = details;
  }
}

export function limitTooSmall(limit: string, needed: number, available: number): GpuError {
  return new GpuError('limit-too-small', `GPU limit ${limit} is too small: need ${needed}, the adapter offers ${available}`, { limit, needed, available });
}

export function limitExceeded(limit: string, needed: number, available: number, what: string): GpuError {
  return new GpuError('limit-exceeded', `${what} needs ${limit} = ${needed}, but the device allows ${available}`, { limit, needed, available, what });
}

export function isGpuError(e: unknown): e is GpuError {
  return e instanceof GpuError;
}
