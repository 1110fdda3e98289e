/** The machine line of BENCHMARKS.md: CPU model, cores, memory, OS, Node version, load. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memGiB: number;
  kernel: string;
  os: string;
  node: string;
  /** 1-minute load average when the benchmark started (other work on the box shows here). */
  loadAvg: number;
  date: string;
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

export function machineInfo(nodeVersion: string, now: Date): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    os: osName(),
    node: nodeVersion,
    loadAvg: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memGiB} GiB, ${m.os} (Linux ${m.kernel}), Node ${m.node}; load average ${m.loadAvg} at start`;
}
