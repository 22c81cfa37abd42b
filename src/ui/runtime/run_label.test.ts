// Run labels are unique and say what differs between the runs in the list (issue 22).
import { beforeEach, describe, expect, it } from 'vitest';
import { methodDefaults } from '../../methods/settings';
import type { MethodConfig } from '../../methods/config';
import { useLab, type LiveRun } from './lab_store';
import { renameProblem, runFileStem, runLabels } from './run_label';

const FOOD = { id: 'fine-foods', name: 'Fine foods', labelNames: ['other', 'great'] };
const SST = { id: 'sst2', name: 'SST-2', labelNames: ['neg', 'pos'] };
const lora = (over: Partial<MethodConfig> = {}): MethodConfig => ({ ...methodDefaults('lora-xs'), id: 'm1', r: 2, ...over });

function run(runId: string, method: MethodConfig, data: typeof FOOD | undefined = FOOD, name?: string): LiveRun {
  return { runId, method, status: 'done', progress: null, loss: [], evals: [], dataset: data?.name, data, modelId: 'tiny', name };
}

describe('run labels', () => {
  it('two runs on different data sets with the same method and seed get different labels, each naming its data set', () => {
    const runs = [run('a', lora({ seed: 0 }), FOOD), run('b', lora({ seed: 0 }), SST)];
    const labels = runLabels(runs);
    expect(labels.get('a')).toBe('LoRA-XS r=2 · s0 · Fine foods');
    expect(labels.get('b')).toBe('LoRA-XS r=2 · s0 · SST-2');
  });

  it('two data sets with one name are told apart by their ids', () => {
    const other = { ...FOOD, id: 'local-0123456789ab' };
    const labels = runLabels([run('a', lora(), FOOD), run('b', lora(), other)]);
    expect(labels.get('a')).toBe('LoRA-XS r=2 · s0 · Fine foods (fine-foods)');
    expect(labels.get('b')).toBe('LoRA-XS r=2 · s0 · Fine foods (local-0123456789ab)');
  });

  it('three runs differing only in seed differ by seed alone (no data set, no settings)', () => {
    const runs = [0, 1, 2].map((seed) => run(`r${seed}`, lora({ seed })));
    expect(runs.map((r) => runLabels(runs).get(r.runId))).toEqual(['LoRA-XS r=2 · s0', 'LoRA-XS r=2 · s1', 'LoRA-XS r=2 · s2']);
  });

  it('names the method settings that differ between runs of one kind, and only those', () => {
    const runs = [
      run('a', lora({ lrAdapter: 0.001, epochs: 3 })),
      run('b', lora({ lrAdapter: 0.002, epochs: 3 })),
      run('c', { ...methodDefaults('b-lora-xs'), id: 'm2', r: 2 }),
    ];
    const labels = runLabels(runs);
    expect(labels.get('a')).toBe('LoRA-XS r=2 · lr=0.001 · s0');
    expect(labels.get('b')).toBe('LoRA-XS r=2 · lr=0.002 · s0');
    expect(labels.get('c')).not.toContain('lr=');
    // A difference the method label already shows (r) is not said twice.
    const ranks = runLabels([run('a', lora({ r: 2 })), run('b', lora({ r: 4 }))]);
    expect([ranks.get('a'), ranks.get('b')]).toEqual(['LoRA-XS r=2 · s0', 'LoRA-XS r=4 · s0']);
  });

  it('runs that differ in nothing get #2, #3 in list order', () => {
    const runs = [run('a', lora()), run('b', lora()), run('c', lora())];
    const labels = runLabels(runs);
    expect(runs.map((r) => labels.get(r.runId))).toEqual(['LoRA-XS r=2 · s0', 'LoRA-XS r=2 · s0 #2', 'LoRA-XS r=2 · s0 #3']);
    expect(new Set(runs.map((r) => runFileStem(labels.get(r.runId)))).size).toBe(3);
  });

  it("a user's name is kept exactly; a default label or an older stored name that clashes with it takes a suffix", () => {
    const runs = [run('a', lora({ seed: 1 })), run('b', lora(), FOOD, 'LoRA-XS r=2 · s1'), run('c', lora(), FOOD, 'mine'), run('d', lora(), FOOD, 'Mine')];
    const labels = runLabels(runs);
    expect(labels.get('b')).toBe('LoRA-XS r=2 · s1');
    expect(labels.get('a')).toBe('LoRA-XS r=2 · s1 #2');
    expect(labels.get('c')).toBe('mine');
    expect(labels.get('d')).toBe('Mine #2');
    expect(labels.defaultOf('b')).toBe('LoRA-XS r=2 · s0');
  });

  it('a run stored before its data set was kept still gets a label', () => {
    const labels = runLabels([run('a', lora(), FOOD), { ...run('b', lora()), dataset: undefined, data: undefined }]);
    expect(labels.get('b')).toBe('LoRA-XS r=2 · s0 · data set not recorded');
  });
});

describe('renaming keeps labels unique', () => {
  beforeEach(() => useLab.getState().clearRuns());

  it("refuses a name another run's label has (any case), and says why; a blank name or the run's own label is fine", () => {
    const runs = [run('a', lora({ seed: 0 })), run('b', lora({ seed: 1 }), FOOD, 'baseline')];
    expect(renameProblem('a', ' Baseline ', runs)).toMatch(/Another run is already called "baseline".*Choose another name/);
    expect(renameProblem('b', 'LoRA-XS r=2 · s0', runs)).toMatch(/already called "LoRA-XS r=2 · s0"/);
    expect(renameProblem('a', '', runs)).toBeNull();
    expect(renameProblem('b', 'baseline', runs)).toBeNull();
    expect(renameProblem('a', 'baseline 2', runs)).toBeNull();
  });

  it('the lab store refuses a clashing rename and keeps the old name', () => {
    const lab = useLab.getState();
    lab.queueRun('a', lora({ seed: 0 }), { dataset: FOOD.name, data: FOOD });
    lab.queueRun('b', lora({ seed: 1 }), { dataset: FOOD.name, data: FOOD });
    expect(useLab.getState().renameRun('a', 'first')).toBeNull();
    expect(useLab.getState().renameRun('b', 'FIRST')).toMatch(/already called "first"/);
    expect(useLab.getState().runs.b.name).toBeUndefined();
    expect(useLab.getState().renameRun('b', 'second')).toBeNull();
    expect(useLab.getState().runs.b.name).toBe('second');
  });
});
