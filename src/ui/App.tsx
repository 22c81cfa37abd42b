// The calibration lab: data and model on the left; methods, run controls and results on the right.
import { useEffect, useMemo } from 'react';
import { useAppStore } from '../state/use_app_store';
import { appStore } from '../state/store';
import { replaceBadLink } from '../state/url_sync';
import { LinkWarningsBanner } from './banner/LinkWarningsBanner';
import { PanelBoundary } from './common/PanelBoundary';
import { DatasetPanel } from './dataset/DatasetPanel';
import { useDataset } from './dataset/dataset_store';
import { GpuBadge } from './gpu/GpuBadge';
import { BackendSelect } from './gpu/BackendSelect';
import { MethodsPanel } from './methods/MethodsPanel';
import { ModelPanel } from './model/ModelPanel';
import { useModelBoot } from './model/use_model_boot';
import { ResultsPanel } from './results/ResultsPanel';
import { useRunMetrics, type RunMetrics } from './results/use_run_metrics';
import { RunPanel } from './run/RunPanel';
import { useLab } from './runtime/lab_store';
import { ShareButton } from './share/ShareButton';
import { runLabels } from './runtime/run_label';
import { buildRunSummary } from './share/share_summary';
import { PALETTES, PaletteContext } from './theme/palette';
import { ThemeToggle } from './theme/ThemeToggle';
import { useTheme } from './theme/use_theme';

export function App() {
  const { choice, theme, setChoice } = useTheme();
  const palette = PALETTES[theme];
  const shareable = useAppStore((s) => s.shareable);
  const actions = useAppStore((s) => s.actions);
  const linkWarnings = useAppStore((s) => s.runtime.linkWarnings);
  const sharedSummary = useAppStore((s) => s.runtime.sharedSummary);
  const { backend, workerError, runs: runMap, order, model: workerModel } = useLab();
  const runs = useMemo(() => order.map((id) => runMap[id]), [order, runMap]);
  const dataset = useDataset((s) => s.dataset);
  const model = useModelBoot(shareable.modelId, shareable.backend, shareable.cpuThreads);
  const metrics = useRunMetrics(runs, shareable.chart);
  const colorOf = (runId: string) => palette.series[Math.max(0, order.indexOf(runId)) % palette.series.length];
  const done = runs.filter((r) => r.result && metrics[r.runId] && !('error' in metrics[r.runId] && (metrics[r.runId] as { error?: string }).error));
  const labels = runLabels(runs);
  const summary = buildRunSummary(
    shareable.chart,
    done.map((r) => ({ method: r.method, metrics: (metrics[r.runId] as RunMetrics).averaged, label: labels.get(r.runId) })),
  );
  useEffect(() => {
    document.title = `B-LoRA-XS calibration lab — ${dataset?.name ?? 'loading'}`;
  }, [dataset]);

  return (
    <PaletteContext.Provider value={palette}>
      <header className="app-header">
        <h1>B-LoRA-XS calibration lab</h1>
        <GpuBadge backend={backend} error={workerError} />
        <span className="spacer" />
        <BackendSelect
          value={shareable.backend}
          onChange={(b) => actions.setBackend(b)}
          threads={shareable.cpuThreads}
          onThreads={(t) => actions.setCpuThreads(t)}
        />
        <ShareButton state={shareable} summary={summary} />
        <ThemeToggle choice={choice} onChange={setChoice} />
      </header>
      <LinkWarningsBanner warnings={linkWarnings} onDismiss={() => replaceBadLink(appStore, window.history, window.location)} />
      <main className="app-main">
        <div className="app-col side">
          <PanelBoundary name="data set">
            <DatasetPanel />
          </PanelBoundary>
          <PanelBoundary name="model">
            <ModelPanel
              modelId={shareable.modelId}
              current={workerModel}
              initialError={model.error ?? workerError}
              onLoad={model.load}
              onRetry={model.retry}
              pending={model.pending}
            />
          </PanelBoundary>
        </div>
        <div className="app-col">
          <PanelBoundary name="methods">
            <MethodsPanel model={workerModel ? { hidden: workerModel.hidden, layers: workerModel.layers } : null} />
          </PanelBoundary>
          <PanelBoundary name="run">
            <RunPanel runs={runs} dataset={dataset} modelPending={model.pending?.choice.label ?? null} />
          </PanelBoundary>
          <PanelBoundary name="results">
            <ResultsPanel
              runs={runs}
              metrics={metrics}
              chart={shareable.chart}
              onChartChange={(c) => actions.setChart(c)}
              compareIds={shareable.selectedRunIds}
              onCompareChange={(ids) => actions.setSelectedRunIds(ids)}
              sharedSummary={sharedSummary}
              baseModel={shareable.modelId}
              colorOf={colorOf}
            />
          </PanelBoundary>
        </div>
      </main>
    </PaletteContext.Provider>
  );
}
