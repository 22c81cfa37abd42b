// Downloads: metrics (CSV, JSON) of all finished runs; predictions, adapters and the merged
// ONNX model (built in the training worker, which holds the base weights) of the chosen run, alone
// or as a model folder zip (model.onnx, config.json with the run's labels, tokenizer files).
import { useState } from 'react';
import type { ChartOptions } from '../../state/types';
import type { RunResult } from '../../train/protocol';
import { adaptersSafetensors, peftLoraZip } from '../../export/adapter_files';
import { familyExport } from '../../export/family_export';
import { downloadBlob, downloadText } from '../export/download';
import { metricsToCsv, metricsToJson, type MetricsRow } from '../../export/metrics_export';
import { predictionsToCsv } from '../../export/predictions_csv';
import { folderZip } from '../../export/onnx/model_folder';
import { exportRunOnnx } from '../run/trainer_controller';

export interface ExportPanelProps {
  rows: MetricsRow[];
  chart: ChartOptions;
  selected: RunResult | null;
  labelNames: string[];
  baseModel: string;
}

export function ExportPanel({ rows, chart, selected, labelNames, baseModel }: ExportPanelProps) {
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
  const exportOnnx = async (run: RunResult, as: 'onnx' | 'folder') => {
    setError(null);
    setOnnxNote(null);
    setOnnxBusy(true);
    try {
      // The data set's names label the head only when they are its labels (the data set may have changed since the run).
      const file = await exportRunOnnx(run, labelNames.length === run.nClasses ? labelNames : undefined);
      const name = as === 'onnx' ? `model-${run.runId}.onnx` : `model-${run.runId}.zip`;
      const blob =
        as === 'onnx'
          ? new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' })
          : bytes(folderZip({ 'model.onnx': file.bytes, ...file.files }, `model-${run.runId}`), 'application/zip');
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
        <button
          type="button"
          disabled={!selected}
          onClick={guard(() => downloadText(predictionsToCsv(selected!.test, labelNames), `predictions-${selected!.runId}.csv`, 'text/csv'))}
        >
          Predictions CSV
        </button>
        <button
          type="button"
          disabled={!selected || selected.adapters.length === 0}
          onClick={guard(() => downloadBlob(bytes(adaptersSafetensors(selected!), 'application/octet-stream'), `adapters-${selected!.runId}.safetensors`))}
        >
          Adapters (safetensors)
        </button>
        <button
          type="button"
          disabled={!selected || selected.adapters.length === 0 || Boolean(peftRefusal)}
          title={peftRefusal}
          onClick={guard(() => downloadBlob(bytes(peftLoraZip(selected!, baseModel), 'application/zip'), `peft-lora-${selected!.runId}.zip`))}
        >
          PEFT LoRA (zip)
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
