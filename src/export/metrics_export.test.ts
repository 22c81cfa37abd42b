import { describe, expect, it } from 'vitest';
import { metricsToCsv, metricsToJson } from './metrics_export';

const rows = [
  { runId: 'r1', method: 'LoRA-XS r=2', metrics: { acc: 0.8, ece: 0.12, nll: 0.5 }, extra: { trainable_params: 96 } },
  { runId: 'r2', method: 'B-LoRA-XS, K=2', metrics: { acc: 0.82, ece: 0.04, mcc: 0.6 } },
];

describe('metrics export', () => {
  it('CSV has one row per run, fixed metric columns and union of extras', () => {
    const lines = metricsToCsv(rows).trim().split('\n');
    expect(lines[0]).toBe('run_id,method,dataset,dataset_id,classes,acc,ece,mce,ace,nll,brier,mcc,trainable_params');
    expect(lines[1]).toBe('r1,LoRA-XS r=2,,,,0.8,0.12,,,0.5,,,96');
    expect(lines[2]).toBe('r2,"B-LoRA-XS, K=2",,,,0.82,0.04,,,,,0.6,');
  });
  it("names each run's data set and its classes in label-index order (empty where the run does not know them)", () => {
    const withData = [{ ...rows[0], dataset: 'Fine foods', datasetId: 'fine-foods', datasetSha256: 'ab12', classes: ['other', 'great'] }, rows[1]];
    const lines = metricsToCsv(withData).trim().split('\n');
    expect(lines[1]).toBe('r1,LoRA-XS r=2,Fine foods,fine-foods,"[""other"",""great""]",0.8,0.12,,,0.5,,,96');
    const j = JSON.parse(metricsToJson(withData));
    expect(j.runs[0]).toMatchObject({ dataset: { id: 'fine-foods', name: 'Fine foods', sha256: 'ab12' }, classes: ['other', 'great'] });
    expect(j.runs[1]).toMatchObject({ dataset: null, classes: null });
  });
  it('JSON round-trips the values and carries metadata', () => {
    const j = JSON.parse(metricsToJson(rows, { bins: 15 }));
    expect(j.bins).toBe(15);
    expect(j.runs).toHaveLength(2);
    expect(j.runs[0]).toMatchObject({ runId: 'r1', acc: 0.8, ece: 0.12, trainable_params: 96 });
    expect(j.runs[1].mcc).toBe(0.6);
  });
});
