// The one label of a run wherever it appears (run list, "Details for", Compare, the metrics table,
// chart titles and legends, exports' file names): the user's name when the run has one, else its
// method and seed plus what tells it apart from the other runs in the list: the method settings
// that differ between runs of its kind, the data set (when the runs span several) and the model
// (likewise). Labels are unique: runs that differ in nothing get "#2", "#3" in list order, and a
// rename to a label another run has is refused (renameProblem).
import { SETTING_KEYS, METHOD_SETTINGS, usesSetting, type SettingKey } from '../../methods/settings';
import { methodLabel } from '../common/method_info';
import type { LiveRun } from './lab_store';
import { runDataset } from './run_dataset';

export type LabelledRun = Pick<LiveRun, 'runId' | 'method' | 'name' | 'dataset' | 'data' | 'modelId' | 'result'>;

export interface RunLabels {
  /** The run's label (its runId for a run not in the list). */
  get(runId: string): string;
  /** The label the run has without a name of its own (what a blank rename goes back to). */
  defaultOf(runId: string): string;
}

/** Labels compare without case and extra spaces: "Baseline" and "baseline " would read as one run. */
const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function formatSetting(v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join('+') : 'all';
  if (v && typeof v === 'object') return Object.values(v).join('/');
  return String(v);
}

/** Per run: `flag=value` for each setting of its kind that differs between the runs of that kind (not already in the method label). */
function settingParts(runs: readonly LabelledRun[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const kinds = new Set(runs.map((r) => r.method.kind));
  for (const kind of kinds) {
    const group = runs.filter((r) => r.method.kind === kind);
    const differing = SETTING_KEYS.filter(
      (key): key is SettingKey =>
        key !== 'seed' && usesSetting(kind, key) && new Set(group.map((r) => formatSetting(r.method[key as keyof typeof r.method]))).size > 1,
    );
    for (const r of group) {
      const base = methodLabel(r.method);
      out.set(
        r.runId,
        differing
          .filter((key) => !new RegExp(`(^| )${METHOD_SETTINGS[key].cli}=`).test(base))
          .map((key) => `${METHOD_SETTINGS[key].cli}=${formatSetting(r.method[key as keyof typeof r.method])}`),
      );
    }
  }
  return out;
}

/** Per run: its data set's name when the runs span several data sets (with the id where two share a name). */
function datasetParts(runs: readonly LabelledRun[]): Map<string, string> {
  const seen = runs.map((r) => {
    const ds = runDataset(r);
    return { runId: r.runId, name: ds?.name ?? r.dataset, id: ds?.id };
  });
  const idsByName = new Map<string, Set<string>>();
  for (const s of seen) if (s.name && s.id) idsByName.set(s.name, (idsByName.get(s.name) ?? new Set()).add(s.id));
  const shown = seen.map((s) => ({
    runId: s.runId,
    text: !s.name ? 'data set not recorded' : s.id && (idsByName.get(s.name)?.size ?? 0) > 1 ? `${s.name} (${s.id})` : s.name,
  }));
  if (new Set(shown.map((s) => s.text)).size < 2) return new Map();
  return new Map(shown.map((s) => [s.runId, s.text]));
}

/** Per run: its model's short name when the runs span several models. */
function modelParts(runs: readonly LabelledRun[]): Map<string, string> {
  const short = (id?: string) =>
    id
      ? (id
          .replace(/[/\\]+$/, '')
          .split(/[/\\]/)
          .pop() ?? id)
      : 'model not recorded';
  if (new Set(runs.map((r) => r.modelId ?? '')).size < 2) return new Map();
  return new Map(runs.map((r) => [r.runId, short(r.modelId)]));
}

/** The labels of every run in the list (the lab's runs, in list order): one call serves every place that names a run. */
export function runLabels(runs: readonly LabelledRun[]): RunLabels {
  const settings = settingParts(runs);
  const datasets = datasetParts(runs);
  const models = modelParts(runs);
  const defaults = new Map<string, string>();
  for (const r of runs) {
    const parts = [methodLabel(r.method), ...(settings.get(r.runId) ?? []), `s${r.method.seed}`];
    const ds = datasets.get(r.runId);
    if (ds) parts.push(ds);
    const model = models.get(r.runId);
    if (model) parts.push(model);
    defaults.set(r.runId, parts.join(' · '));
  }
  // Named runs keep their names exactly; the rest take "#2", "#3", … where a label is taken.
  const labels = new Map<string, string>();
  const taken = new Set<string>();
  const claim = (r: LabelledRun, wanted: string) => {
    let label = wanted;
    for (let k = 2; taken.has(norm(label)); k++) label = `${wanted} #${k}`;
    taken.add(norm(label));
    labels.set(r.runId, label);
  };
  for (const r of runs) if (r.name?.trim()) claim(r, r.name.trim());
  for (const r of runs) if (!r.name?.trim()) claim(r, defaults.get(r.runId)!);
  return {
    get: (runId) => labels.get(runId) ?? runId,
    defaultOf: (runId) => defaults.get(runId) ?? runId,
  };
}

/** One run's label among the runs of the list. */
export function runLabel(r: LabelledRun, runs: readonly LabelledRun[]): string {
  return runLabels(runs.some((o) => o.runId === r.runId) ? runs : [...runs, r]).get(r.runId);
}

/**
 * Why `name` cannot be the run's name (another run in the list already has that label), or null
 * when it can (a blank name goes back to the default label and is always allowed).
 */
export function renameProblem(runId: string, name: string, runs: readonly LabelledRun[]): string | null {
  const wanted = name.trim();
  if (!wanted) return null;
  const labels = runLabels(runs);
  const clash = runs.find((o) => o.runId !== runId && norm(labels.get(o.runId)) === norm(wanted));
  return clash
    ? `Another run is already called "${labels.get(clash.runId)}": run names stay unique, so that legends, "Details for" and exported files never mix two runs up. Choose another name.`
    : null;
}

/** A label as a file-name stem (exports: "predictions-<stem>.csv"). */
export function runFileStem(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'run'
  );
}
