// The accuracy of always predicting the test split's most frequent class: the floor a trained
// run must clear (a run at this accuracy with MCC 0 has learnt nothing), one line per data set.
export interface MajorityBaseline {
  dataset: string;
  accuracy: number;
  /** The class index predicted. */
  label: number;
  n: number;
}

export function majorityBaselines(runs: readonly { dataset?: string; result?: { test: { labels: Int32Array } } }[]): MajorityBaseline[] {
  const seen = new Map<string, MajorityBaseline>();
  for (const r of runs) {
    const labels = r.result?.test.labels;
    const dataset = r.dataset ?? 'this data set';
    if (!labels || labels.length === 0 || seen.has(dataset)) continue;
    const counts = new Map<number, number>();
    for (const y of labels) counts.set(y, (counts.get(y) ?? 0) + 1);
    let best = -1,
      bestCount = -1;
    for (const [y, c] of counts) if (c > bestCount || (c === bestCount && y < best)) [best, bestCount] = [y, c];
    seen.set(dataset, { dataset, accuracy: bestCount / labels.length, label: best, n: labels.length });
  }
  return [...seen.values()];
}
