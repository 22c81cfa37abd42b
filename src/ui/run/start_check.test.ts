// The Start button's blocker and the run controller's guard: every method and run setting, in the page's words.
import { describe, expect, it } from 'vitest';
import { methodDefaults } from '../../methods/settings';
import { pageCheckContext, startSettingsProblem, type StartSettings } from './start_check';

const swag = { ...methodDefaults('b-lora-xs'), id: 'm1', epochs: 4, swagStart: 2, batch: 16, K: 2 };
const ok: StartSettings = {
  methods: [swag],
  seeds: [0, 1],
  trainExamples: 64,
  run: { maxSteps: 0, maxExamples: 0, evalEverySteps: 0, checkpointEverySteps: 50 },
  model: { hidden: 32, layers: 2 },
};

describe('startSettingsProblem', () => {
  it('lets valid settings start', () => {
    expect(startSettingsProblem(ok)).toBeNull();
  });
  it('refuses an impossible SWAG schedule, naming the method and the field as the form labels it', () => {
    const p = startSettingsProblem({ ...ok, methods: [{ ...swag, K: 5 }] });
    expect(p).toMatch(/^B-LoRA-XS \(SWAG on R\), method m1: “K \(deviation rows\)”: 4 epochs with SWAG from epoch 2 .* makes 2 collections: fewer than K = 5/);
    expect(p).not.toMatch(/--/);
  });
  it('checks the plan over the examples a run gets: the per-split cap and the step cap count', () => {
    // 64 examples capped at 16: one step per epoch, SWAG over epochs 2–3 collects twice.
    expect(pageCheckContext(64, { maxSteps: 0, maxExamples: 16 })).toEqual({ words: 'page', nTrain: 16, maxSteps: undefined });
    expect(startSettingsProblem({ ...ok, run: { ...ok.run, maxExamples: 16 } })).toBeNull();
    expect(startSettingsProblem({ ...ok, run: { ...ok.run, maxSteps: 9 } })).toMatch(/capped at 9 steps \(“Max steps \(0 = all\)”\)/);
  });
  it('refuses run options and seeds the trainer would refuse, by their labels', () => {
    expect(startSettingsProblem({ ...ok, run: { ...ok.run, checkpointEverySteps: -1 } })).toBe(
      'Run options: “Checkpoint every (steps)” must be a whole number ≥ 0',
    );
    expect(startSettingsProblem({ ...ok, run: { ...ok.run, evalEverySteps: 2.5 } })).toMatch(/“Evaluate every \(steps, 0 = epoch\)”/);
    expect(startSettingsProblem({ ...ok, run: { ...ok.run, maxSteps: 20_000_000 } })).toMatch(/“Max steps \(0 = all\)” must be at most 10,000,000/);
    expect(startSettingsProblem({ ...ok, seeds: [1, 1] })).toBe('Seeds: each seed once');
    expect(startSettingsProblem({ ...ok, seeds: [] })).toBe('Seeds: give at least one seed');
  });
  it('checks layers against the loaded model', () => {
    expect(startSettingsProblem({ ...ok, methods: [{ ...swag, layers: [2] }] })).toMatch(/“Adapted layers”: layers must be in 0…1/);
  });
});
