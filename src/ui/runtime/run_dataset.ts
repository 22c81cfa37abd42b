// The data set a run trained on, as the page knows it: the result's identity (with its content
// hash), else the one kept when the run was queued. Absent for runs stored before either was kept:
// their class names are unknown, and the page says so instead of borrowing the data set loaded now.
import type { DatasetIdentity } from '../../data/dataset_identity';
import type { MetricsRow } from '../../export/metrics_export';
import { runClassNames } from '../../export/run_classes';
import type { RunResult } from '../../train/protocol';
import type { LiveRun } from './lab_store';

export function runDataset(r: Pick<LiveRun, 'result' | 'data'>): DatasetIdentity | undefined {
  return r.result?.dataset ?? r.data;
}

/** The run's result as the exports take it: with the run's own data set (never the one loaded now). */
export function exportableResult(r: Pick<LiveRun, 'result' | 'data'>): RunResult | null {
  if (!r.result) return null;
  const dataset = runDataset(r);
  return dataset ? { ...r.result, dataset } : r.result;
}

/** The metrics export's columns on the run's data: name, id, content hash, and its classes when the run knows them. */
export function datasetColumns(r: Pick<LiveRun, 'result' | 'data' | 'dataset'>): Pick<MetricsRow, 'dataset' | 'datasetId' | 'datasetSha256' | 'classes'> {
  const ds = runDataset(r);
  const classes = runClassNames({ nClasses: r.result?.nClasses, dataset: ds });
  return { dataset: ds?.name ?? r.dataset, datasetId: ds?.id, datasetSha256: ds?.sha256, classes: classes.known ? classes.names : undefined };
}
