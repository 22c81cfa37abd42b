// Calibration and uncertainty metrics (docs/METHOD.md §5). Probabilities are row-major [N, C] Float32Array.
export { topLabel, correctness, checkShapes, type TopLabel } from './top_label';
export { equalWidthEdges, equalMassEdges, binEdges, binIndex, type Binning } from './binning';
export { reliabilityDiagram, reliabilityFromConfidences, confidenceHistogram, type ReliabilityBin, type HistogramBin, type BinOptions } from './reliability';
export { ece, mce, ace, eceFromBins, mceFromBins, type CalibrationOptions } from './calibration';
export { accuracy, nll, brier, NLL_EPS } from './scores';
export { mcc, mccFromPredictions } from './mcc';
export { entropy, mutualInformation, meanOverSamples, oodScores } from './uncertainty';
export { auroc, aupr, rocCurve, type RocPoint } from './ood';
export { summarize, type SummarizeOptions, type MetricsSummary, type SampleProbs } from './summarize';
export {
  bootstrapIntervals,
  resampleIndices,
  CI_METRICS,
  BOOTSTRAP_REPLICATES,
  BOOTSTRAP_SEED,
  type CiMetric,
  type Interval,
  type MetricIntervals,
  type BootstrapOptions,
} from './bootstrap_ci';
export {
  aurc,
  aurcOfCurve,
  aurcInterval,
  atThreshold,
  confidenceAndErrors,
  curvePoints,
  rankByConfidence,
  riskCurve,
  type ThresholdResult,
  type AurcOptions,
} from './selective';
export { classwiseEce, type ClasswiseEce } from './classwise_ece';
export { smoothEce, smoothEceAt, smoothReliability, type SmoothReliability } from './smooth_ece';
