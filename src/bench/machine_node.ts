// What machine a Node benchmark ran on (for the JSON and docs/benchmarks.md). Node only.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { AdapterSummary } from '../gpu/device';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5, 15-minute load averages when the run started (other jobs on the machine slow it down). */
  loadAverage: number[];
  /** WebGPU adapter (Dawn in Node), when the WebGPU backend ran. */
  adapter?: AdapterSummary & { software: boolean };
}

/** The CPU model from /proc/cpuinfo ("model name"), else what Node reports. */
export function cpuModel(cpuinfo?: string): string {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      text = '';
    }
  }
  const m = /^model name\s*:\s*(.+)$/m.exec(text);
  return (m?.[1] ?? cpus()[0]?.model ?? 'unknown CPU').trim();
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
