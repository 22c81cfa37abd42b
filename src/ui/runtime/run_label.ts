// The one label of a run wherever it appears (run list, metrics table, chart legends, exports):
// the user's name when the run has one, else its method and seed.
import { methodLabel } from '../methods/method_info';
import type { LiveRun } from './lab_store';

export function defaultRunLabel(r: Pick<LiveRun, 'method'>): string {
  return `${methodLabel(r.method)} · s${r.method.seed}`;
}

export function runLabel(r: Pick<LiveRun, 'method' | 'name'>): string {
  return r.name?.trim() || defaultRunLabel(r);
}
