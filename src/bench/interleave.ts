// Interleaved timing: every contestant runs one repetition per round, in a rotating order, so a
// change in the machine's load hits all of them alike; the first `warmup` rounds are not kept.
// A repetition returns wall ms per unit and, where known, process CPU ms per unit.

export interface RepResult {
  ms: number;
  cpuMs?: number;
}
export interface Contestant {
  name: string;
  rep(): Promise<RepResult>;
}
export interface Timing {
  name: string;
  msMedian: number;
  cpuMsMedian: number | null;
  samples: number[];
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b),
    m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function interleave(cs: Contestant[], o: { rounds: number; warmup: number; log?: (s: string) => void }): Promise<Timing[]> {
  const wall = cs.map(() => [] as number[]),
    cpu = cs.map(() => [] as number[]);
  for (let round = 0; round < o.warmup + o.rounds; round++) {
    for (let j = 0; j < cs.length; j++) {
      const i = (j + round) % cs.length;
      const r = await cs[i].rep();
      if (round < o.warmup) continue;
      wall[i].push(r.ms);
      if (r.cpuMs !== undefined && Number.isFinite(r.cpuMs)) cpu[i].push(r.cpuMs);
    }
    if (round >= o.warmup) o.log?.(`  round ${round - o.warmup + 1}/${o.rounds}: ` + cs.map((c, i) => `${c.name} ${wall[i].at(-1)!.toFixed(1)}`).join(', '));
  }
  return cs.map((c, i) => ({ name: c.name, msMedian: median(wall[i]), cpuMsMedian: cpu[i].length ? median(cpu[i]) : null, samples: wall[i] }));
}

/** Process CPU time in ms (all threads of this process), or NaN outside Node. */
export function processCpuMs(): number {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (!p?.cpuUsage) return NaN;
  const u = p.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times n calls of f: wall and process CPU ms per call. */
export async function timeUnits(n: number, f: () => unknown | Promise<unknown>): Promise<RepResult> {
  const t0 = performance.now(),
    c0 = processCpuMs();
  for (let i = 0; i < n; i++) await f();
  return { ms: (performance.now() - t0) / n, cpuMs: (processCpuMs() - c0) / n };
}
