// Results of the finished runs: metrics table (with compare ticks), per-run diagrams, OOD,
// spectrum and K sweep, parameter counts, compare view and exports.
import { useState } from 'react';
import type { ChartOptions, RunSummary } from '../../state/types';
import type { LiveRun } from '../runtime/lab_store';
import { metricsRow, summaryRow } from './run_metrics';
import type { TableRow } from './compare_rows';
import { runLabels } from '../runtime/run_label';
import { datasetColumns, exportableResult } from '../runtime/run_dataset';
import { useLab } from '../runtime/lab_store';
import { hasTrait } from '../../methods/config';
import { runWarnings } from './run_warnings';
import { BinControls } from './BinControls';
import { CompareView, type CompareItem } from './CompareView';
import { EigenSpectrum } from './EigenSpectrum';
import { KSweepChart } from './KSweepChart';
import { ExportPanel } from './ExportPanel';
import { MetricsTable } from './MetricsTable';
import { majorityBaselines } from './majority_baseline';
import { OodView } from './OodView';
import { ParamCounts } from './ParamCounts';
import { ReliabilityView } from './ReliabilityView';
import { SelectiveView, type SelectiveItem } from './SelectiveView';
import { SharedResults } from './SharedResults';
import { TrainingCurves } from './TrainingCurves';
import { TrySentence } from './TrySentence';
import type { RunMetrics } from './use_run_metrics';

export interface ResultsPanelProps {
  runs: LiveRun[];
  chart: ChartOptions;
  onChartChange: (c: ChartOptions) => void;
  compareIds: string[];
  onCompareChange: (ids: string[]) => void;
  sharedSummary: RunSummary | null;
  baseModel: string;
  colorOf: (runId: string) => string;
  metrics: Record<string, RunMetrics | { error: string }>;
}

export function ResultsPanel(p: ResultsPanelProps) {
  const metrics = p.metrics;
  const done = p.runs.filter((r) => r.result && metrics[r.runId] && !('error' in metrics[r.runId] && metrics[r.runId].error));
  const [focusId, setFocusId] = useState<string | null>(null);
  const focus = done.find((r) => r.runId === focusId) ?? done[done.length - 1] ?? null;
  const ok = (id: string) => metrics[id] as RunMetrics;
  const renameRun = useLab((s) => s.renameRun);
  // One label per run, from every run in the list (run_label.ts): the same in the table, charts and exports.
  const labels = runLabels(p.runs);
  const label = (r: LiveRun) => labels.get(r.runId);
  // A SWAG run's last iterate follows its row: the point estimate on the same schedule, the fair baseline.
  const rows = done.flatMap((r): TableRow[] => {
    const m = ok(r.runId);
    const on = { ...datasetColumns(r), modelId: r.modelId };
    const row: TableRow = {
      ...metricsRow(r.runId, label(r), m.averaged, { trainable_params: r.result!.trainableParams, posterior_params: r.result!.posteriorParams }),
      ...on,
      ci: m.intervals,
      renameId: r.runId,
      defaultLabel: labels.defaultOf(r.runId),
    };
    if (!m.lastIterate) return [row];
    return [
      row,
      {
        ...metricsRow(`${r.runId}-last`, `${label(r)} · last iterate (same schedule, no posterior)`, m.lastIterate, {
          trainable_params: r.result!.trainableParams,
          posterior_params: 0,
        }),
        ...on,
        ci: m.lastIterateIntervals ?? undefined,
      },
    ];
  });
  const sharedRows = !done.length && p.sharedSummary ? p.sharedSummary.methods.map((s) => summaryRow(s, `${s.label ?? s.methodId} (from link)`)) : [];
  const compare: CompareItem[] = done
    .filter((r) => p.compareIds.includes(r.runId))
    .map((r) => ({ runId: r.runId, label: label(r), color: p.colorOf(r.runId), metrics: ok(r.runId).averaged }));
  // Selective prediction shows the ticked runs, or the run in "Details for" when none is ticked.
  const selectiveRuns = compare.length ? done.filter((r) => p.compareIds.includes(r.runId)) : focus ? [focus] : [];
  const selective: SelectiveItem[] = selectiveRuns.map((r) => ({ runId: r.runId, label: label(r), color: p.colorOf(r.runId), result: r.result! }));
  const results = done.map((r) => r.result!);
  const labelOfResult = (res: { runId: string }) => label(done.find((r) => r.runId === res.runId)!);
  const failed = p.runs.filter((r) => metrics[r.runId] && 'error' in metrics[r.runId] && (metrics[r.runId] as { error: string }).error);
  return (
    <section className="panel stack" aria-labelledby="results-h">
      <div className="row">
        <h2 id="results-h" style={{ margin: 0, flex: 1 }}>
          Results
        </h2>
        <BinControls chart={p.chart} onChange={p.onChartChange} />
      </div>
      {done.flatMap((r) =>
        runWarnings(ok(r.runId), hasTrait(r.method.kind, 'sampled')).map((w) => (
          <p key={`${r.runId}-${w.slice(0, 12)}`} className="warning-box" role="status" data-testid="run-warning">
            {label(r)}: {w}
          </p>
        )),
      )}
      {failed.map((r) => (
        <p key={r.runId} className="error-box" role="alert">
          Metrics of {label(r)} failed: {(metrics[r.runId] as { error: string }).error}
        </p>
      ))}
      {rows.length > 0 && (
        <div className="row small" role="group" aria-label="Runs to compare">
          <span className="muted">Compare:</span>
          {done.map((r) => (
            <label key={r.runId} className="inline">
              <input
                type="checkbox"
                checked={p.compareIds.includes(r.runId)}
                onChange={(e) => p.onCompareChange(e.target.checked ? [...p.compareIds, r.runId] : p.compareIds.filter((x) => x !== r.runId))}
              />
              <span style={{ color: p.colorOf(r.runId) }}>■</span> {label(r)}
            </label>
          ))}
          <label className="inline" style={{ marginLeft: 'auto' }}>
            Details for
            <select value={focus?.runId ?? ''} onChange={(e) => setFocusId(e.target.value)}>
              {done.map((r) => (
                <option key={r.runId} value={r.runId}>
                  {label(r)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {rows.length > 0 || sharedRows.length > 0 ? (
        <>
          <MetricsTable rows={rows.length ? rows : sharedRows} onRename={renameRun} />
          {majorityBaselines(done).map((b) => (
            <p key={b.dataset} className="small muted" data-testid="majority-baseline" data-accuracy={b.accuracy} style={{ margin: 0 }}>
              Always predicting the most frequent class of {b.dataset}'s test split ({b.n} examples) scores ACC {b.accuracy.toFixed(4)}, MCC 0: the floor a
              trained run has to clear.
            </p>
          ))}
        </>
      ) : (
        <p className="small muted">No finished runs yet: configure methods and press Start.</p>
      )}
      <TrySentence runs={done} labelOf={label} colorOf={p.colorOf} />
      <div className="charts">
        {sharedRows.length > 0 && p.sharedSummary && <SharedResults summary={p.sharedSummary} />}
        <TrainingCurves runs={p.runs} colorOf={p.colorOf} />
        {focus && (
          <ReliabilityView
            label={label(focus)}
            color={p.colorOf(focus.runId)}
            averaged={ok(focus.runId).averaged}
            meanModel={ok(focus.runId).meanModel}
            result={focus.result!}
          />
        )}
        {selective.length > 0 && <SelectiveView items={selective} />}
        {focus && <OodView result={focus.result!} label={label(focus)} />}
        <EigenSpectrum runs={results} labelOf={labelOfResult} colorOf={p.colorOf} />
        <KSweepChart runs={results} chart={p.chart} labelOf={labelOfResult} colorOf={p.colorOf} />
        {done.length > 0 && <CompareView items={compare} />}
      </div>
      {results.length > 0 && (
        <>
          <h3>Parameters</h3>
          <ParamCounts runs={results} labelOf={labelOfResult} />
        </>
      )}
      <h3>Export</h3>
      <ExportPanel rows={rows} chart={p.chart} selected={focus ? exportableResult(focus) : null} label={focus ? label(focus) : ''} baseModel={p.baseModel} />
    </section>
  );
}
