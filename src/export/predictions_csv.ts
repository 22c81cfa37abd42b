// Per-example predictions as CSV: true label, predicted label, confidence, entropy, MI, and
// every class probability, so the numbers can be re-analysed elsewhere.
import { toCsv, type CsvCell } from './csv';
import type { RunResult } from '../methods/run_types';
import { runClassNames } from './run_classes';

export interface PredictionsInput {
  probs: Float32Array;
  labels: Int32Array;
  entropy: Float32Array;
  mutualInfo: Float32Array;
}

export function predictionsToCsv(p: PredictionsInput, labelNames: readonly string[], texts?: readonly string[]): string {
  const n = p.labels.length;
  const c = labelNames.length;
  if (p.probs.length !== n * c) throw new Error(`probs has ${p.probs.length} values, expected ${n}×${c}`);
  const header = [
    'index',
    ...(texts ? ['text'] : []),
    'label',
    'predicted',
    'confidence',
    'correct',
    'entropy',
    'mutual_info',
    ...labelNames.map((l) => `p_${l}`),
  ];
  const rows: CsvCell[][] = [];
  for (let i = 0; i < n; i++) {
    let arg = 0;
    for (let k = 1; k < c; k++) if (p.probs[i * c + k] > p.probs[i * c + arg]) arg = k;
    const conf = p.probs[i * c + arg];
    const probs = Array.from(p.probs.subarray(i * c, (i + 1) * c), round6);
    rows.push([
      i,
      ...(texts ? [texts[i]] : []),
      labelNames[p.labels[i]] ?? p.labels[i],
      labelNames[arg],
      round6(conf),
      arg === p.labels[i] ? 1 : 0,
      round6(p.entropy[i]),
      round6(p.mutualInfo[i]),
      ...probs,
    ]);
  }
  return toCsv(header, rows);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A run's test predictions, its classes named after its own data set (run_classes.ts), never the one loaded now. */
export function runPredictionsCsv(r: Pick<RunResult, 'test' | 'nClasses' | 'dataset'>): string {
  return predictionsToCsv(r.test, runClassNames(r).names);
}
