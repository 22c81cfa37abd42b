// Downloads: metrics (CSV, JSON) of all finished runs; predictions, adapters, a SWAG or Laplace
// run's posterior (zip of posterior.safetensors, sample_posterior.py, README) and the merged
// ONNX model (built in the training worker, which holds the base weights) of the chosen run, alone
// or as a model folder zip (model.onnx, config.json with the run's labels, tokenizer files).
// Every file names the classes after the run's own data set (RunResult.dataset), never the data
// set loaded now, and is named after the run's label (run_label.ts).
import { useState } from 'react';
import type { ChartOptions } from '../../state/types';
import type { RunResult } from '../../train/protocol';
import { adaptersSafetensors, peftLoraZip } from '../../export/adapter_files';
import { familyExport } from '../../export/family_export';
import { downloadBlob, downloadText } from '../export/download';
import { metricsToCsv, metricsToJson, type MetricsRow } from '../../export/metrics_export';
import { runPredictionsCsv } from '../../export/predictions_csv';
import { runClassNames } from '../../export/run_classes';
import { runFileStem } from '../runtime/run_label';
import { folderZip } from '../../export/onnx/model_folder';
import { exportRunOnnx } from '../run/trainer_controller';
import { posteriorRefusal, posteriorZip } from '../../export/posterior/posterior_file';

export interface ExportPanelProps {
  rows: MetricsRow[];
  chart: ChartOptions;
  /** The chosen run's result, carrying its own data set and class names (run_dataset.ts exportableResult). */
  selected: RunResult | null;
  /** The chosen run's label: the exported files are named after it. */
  label: string;
  baseModel: string;
}

export function ExportPanel({ rows, chart, selected, label, baseModel }: ExportPanelProps) {
  const [error, setError] = useState<string | null>(null);
  const [onnxNote, setOnnxNote] = useState<string | null>(null);
  const [onnxBusy, setOnnxBusy] = useState(false);
  const guard = (f: () => void) => () => {
    try {
      setError(null);
      f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const bytes = (b: Uint8Array, type: string) => new Blob([b.slice().buffer as ArrayBuffer], { type });
  const noRows = rows.length === 0;
  // A family whose HF head is not the trained one (family_export.ts peftRefusal; none today: DistilBERT trains its ReLU head).
  const peftRefusal = selected ? familyExport(selected.family).peftRefusal : undefined;
  const stem = runFileStem(label);
  const classes = selected ? runClassNames(selected) : null;
  // SWAG and Laplace runs have a posterior to export; the others say why not (posterior_file.ts).
  const posteriorWhy = selected ? posteriorRefusal(selected.method.kind) : 'choose a run';
  const exportOnnx = async (run: RunResult, as: 'onnx' | 'folder') => {
    setError(null);
    setOnnxNote(null);
    setOnnxBusy(true);
    try {
      const file = await exportRunOnnx(run);
      const name = as === 'onnx' ? `model-${stem}.onnx` : `model-${stem}.zip`;
      const blob =
        as === 'onnx'
          ? new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' })
          : bytes(folderZip({ 'model.onnx': file.bytes, ...file.files }, `model-${stem}`), 'application/zip');
      downloadBlob(blob, name);
      setOnnxNote(`${name}: ${file.description}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setOnnxBusy(false);
    }
  };
  return (
    <div className="stack" role="group" aria-label="Exports">
      {selected && classes && (
        <p
          className={classes.known ? 'small muted' : 'small warning-box'}
          data-testid="export-run-data"
          data-known={classes.known ? 'yes' : 'no'}
          style={{ margin: 0 }}
        >
          {classes.known && selected.dataset
            ? `Files of ${label}: trained on ${selected.dataset.name} (${selected.dataset.id}); classes in label order: ${classes.names.map((n, i) => `${i} = ${n}`).join(', ')}.`
            : `Files of ${label}: ${classes.why}.`}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={noRows} onClick={guard(() => downloadText(metricsToCsv(rows), 'metrics.csv', 'text/csv'))}>
          Metrics CSV
        </button>
        <button
          type="button"
          disabled={noRows}
          onClick={guard(() =>
            downloadText(
              metricsToJson(rows, { bins: chart.bins, binning: chart.binning, oodScore: chart.oodScore, split: 'test' }),
              'metrics.json',
              'application/json',
            ),
          )}
        >
          Metrics JSON
        </button>
        <button type="button" disabled={!selected} onClick={guard(() => downloadText(runPredictionsCsv(selected!), `predictions-${stem}.csv`, 'text/csv'))}>
          Predictions CSV
        </button>
        <button
          type="button"
          disabled={!selected || selected.adapters.length === 0}
          onClick={guard(() => downloadBlob(bytes(adaptersSafetensors(selected!), 'application/octet-stream'), `adapters-${stem}.safetensors`))}
        >
          Adapters (safetensors)
        </button>
        <button
          type="button"
          disabled={!selected || selected.adapters.length === 0 || Boolean(peftRefusal)}
          title={peftRefusal}
          onClick={guard(() => downloadBlob(bytes(peftLoraZip(selected!, baseModel), 'application/zip'), `peft-lora-${stem}.zip`))}
        >
          PEFT LoRA (zip)
        </button>
        <button
          type="button"
          disabled={!selected || selected.adapters.length === 0 || Boolean(posteriorWhy)}
          title={
            posteriorWhy ??
            "posterior.safetensors (the posterior, the adapter layout, head and labels), sample_posterior.py (numpy: draws the run's samples and reproduces its probabilities) and a README"
          }
          onClick={guard(() => downloadBlob(bytes(posteriorZip(selected!, baseModel, `posterior-${stem}`), 'application/zip'), `posterior-${stem}.zip`))}
        >
          Posterior (safetensors + script)
        </button>
        <button type="button" disabled={!selected || selected.adapters.length === 0 || onnxBusy} onClick={() => void exportOnnx(selected!, 'onnx')}>
          {onnxBusy ? 'Merging…' : 'Merged model (ONNX)'}
        </button>
        <button
          type="button"
          disabled={!selected || selected.adapters.length === 0 || onnxBusy}
          onClick={() => void exportOnnx(selected!, 'folder')}
          title="model.onnx with config.json (the run's labels) and the tokenizer files, as transformers.js and Optimum load a folder"
        >
          {onnxBusy ? 'Merging…' : 'Merged model folder (zip)'}
        </button>
      </div>
      {onnxNote && (
        <p className="small muted" role="status">
          {onnxNote}
        </p>
      )}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
