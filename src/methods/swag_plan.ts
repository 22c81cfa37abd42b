// How many SWAG collections a schedule makes, worked out before training, so a schedule that
// cannot support the requested posterior is refused with the numbers instead of after an hour; and
// the ranks k a K sweep visits.
import type { MethodConfig } from './config';
import { settingName, type Wording } from './wording';

type Schedule = Pick<MethodConfig, 'epochs' | 'batch' | 'swagStart' | 'collectEverySteps'>;

export interface CollectionPlan {
  stepsPerEpoch: number;
  swagSteps: number;
  collectEvery: number;
  collections: number;
}

/** `maxSteps`: a run capped at this many optimizer steps (the page's and the CLI's --max-steps). */
export function collectionsPlanned(m: Schedule, nTrain: number, maxSteps = Infinity): CollectionPlan {
  const stepsPerEpoch = Math.ceil(nTrain / m.batch);
  const total = Math.min(m.epochs * stepsPerEpoch, maxSteps > 0 ? maxSteps : Infinity);
  const swagSteps = Math.max(0, total - m.swagStart * stepsPerEpoch);
  const collectEvery = m.collectEverySteps > 0 ? m.collectEverySteps : stepsPerEpoch;
  return { stepsPerEpoch, swagSteps, collectEvery, collections: Math.floor(swagSteps / collectEvery) };
}

/** The field a schedule problem is shown beside: K when the schedule would fill fewer rows than K asks for, else the SWAG start. */
export interface ScheduleProblem {
  field: 'K' | 'swagStart';
  message: string;
}

/** Why a SWAG schedule cannot give K deviation rows (or any posterior), naming fields in `words`, or null when it can. */
export function scheduleCheck(m: Schedule, nTrain: number, maxK: number, maxSteps = Infinity, words: Wording = 'cli'): ScheduleProblem | null {
  const p = collectionsPlanned(m, nTrain, maxSteps);
  const name = (k: Parameters<typeof settingName>[0]) => settingName(k, words);
  const capped = maxSteps > 0 && maxSteps < m.epochs * p.stepsPerEpoch ? `, capped at ${maxSteps} steps (${name('maxSteps')}),` : '';
  const how = `${m.epochs} epochs${capped} with SWAG from epoch ${m.swagStart} (${p.swagSteps} SWAG-phase steps, ${p.stepsPerEpoch} per epoch over ${nTrain} training examples) collecting every ${p.collectEvery} step${p.collectEvery === 1 ? '' : 's'} makes ${p.collections} collection${p.collections === 1 ? '' : 's'}`;
  const more = `collect more often (${name('collectEverySteps')})`;
  if (p.collections < 2)
    return {
      field: 'swagStart',
      message: `${how}: a SWAG posterior needs at least 2; start SWAG earlier (${name('swagStart')}), train more epochs (${name('epochs')}) or ${more}`,
    };
  if (maxK > p.collections) return { field: 'K', message: `${how}: fewer than K = ${maxK} deviation rows; lower ${name('K')} or ${more}` };
  return null;
}

/** scheduleCheck's message alone (the CLI's words by default). */
export function scheduleProblem(m: Schedule, nTrain: number, maxK: number, maxSteps = Infinity, words: Wording = 'cli'): string | null {
  return scheduleCheck(m, nTrain, maxK, maxSteps, words)?.message ?? null;
}

/** The ranks a sweep visits for a buffer of K: 0, then 2, 3, 5, 10, 20, … up to K, and K itself (k = 1 has no low-rank term). */
export function kSweepValues(K: number): number[] {
  const out = new Set<number>([0]);
  for (const k of [2, 3, 5, 10, 20, 50]) if (k <= K) out.add(k);
  if (K >= 2) out.add(K);
  return [...out].sort((a, b) => a - b);
}
