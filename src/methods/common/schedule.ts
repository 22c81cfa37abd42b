// Learning-rate schedule of docs/METHOD.md §2: linear warm-up over the first 6 % of steps, then linear
// decay (the MAP phase); from the SWAG start the rate anneals linearly over `annealSteps` to a
// constant `swagLr` (torch SWALR 'linear' semantics, as in swag-lora and b-lora-xs).

export interface ScheduleConfig {
  /** Peak learning rate (after warm-up). */
  peakLr: number;
  totalSteps: number;
  /** Fraction of totalSteps spent warming up (0.06 in the reference). */
  warmupFraction: number;
  /** First step of the SWAG phase; undefined = no SWAG phase. */
  swagStartStep?: number;
  annealSteps?: number;
  swagLr?: number;
}

/** Learning rate used for the 0-based step `step`. */
export function learningRateAt(cfg: ScheduleConfig, step: number): number {
  const warmup = Math.max(1, Math.round(cfg.warmupFraction * cfg.totalSteps));
  const mapLr = (s: number): number => {
    if (s < warmup) return (cfg.peakLr * (s + 1)) / warmup;
    const decaySteps = Math.max(1, cfg.totalSteps - warmup);
    return cfg.peakLr * Math.max(0, 1 - (s - warmup) / decaySteps);
  };
  if (cfg.swagStartStep === undefined || step < cfg.swagStartStep) return mapLr(step);
  const swagLr = cfg.swagLr ?? cfg.peakLr;
  const anneal = Math.max(0, cfg.annealSteps ?? 0);
  const startLr = mapLr(cfg.swagStartStep);
  const t = step - cfg.swagStartStep;
  if (anneal === 0 || t >= anneal) return swagLr;
  const alpha = (t + 1) / anneal;
  return (1 - alpha) * startLr + alpha * swagLr;
}

/** Whether a SWAG collection happens after the 0-based step `step`. */
export function isCollectionStep(step: number, swagStartStep: number | undefined, collectEverySteps: number): boolean {
  if (swagStartStep === undefined || step < swagStartStep) return false;
  return (step - swagStartStep + 1) % Math.max(1, collectEverySteps) === 0;
}
