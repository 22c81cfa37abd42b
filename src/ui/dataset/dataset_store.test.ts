import { describe, expect, it } from 'vitest';
import { dataError } from '../../data/errors';
import { useDataset } from './dataset_store';

describe('dataset store', () => {
  it('keeps the previous data set when a load fails', () => {
    const d = { id: 'a', name: 'A', labelNames: ['x', 'y'], splits: { train: [{ text: 't', label: 0 }] } };
    useDataset.getState().loaded(d);
    useDataset.getState().startLoading('bad.csv');
    expect(useDataset.getState().loading).toBe('bad.csv');
    useDataset.getState().failed(dataError('RAGGED_ROW', 'line 3 has 3 fields', { line: 3 }));
    const s = useDataset.getState();
    expect(s.dataset).toBe(d);
    expect(s.error?.code).toBe('RAGGED_ROW');
    expect(s.loading).toBeNull();
  });
});
