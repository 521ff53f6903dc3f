// Resident memory of a process from /proc: the current size and the peak (VmHWM), which can be
// reset (`echo 5 > /proc/<pid>/clear_refs`) so that a peak belongs to one benchmark only.
import { readFileSync, writeFileSync } from 'node:fs';

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(m[1]) * 1024;
}

export const peakRss = (pid: number): number => statusField(pid, 'VmHWM');
export const currentRss = (pid: number): number => statusField(pid, 'VmRSS');

/** Returns false when the kernel does not let us reset the peak (then the peak is since start). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
