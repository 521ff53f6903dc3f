// What /proc says about a process: resident memory now and at its peak (VmHWM, which can be reset
// with `echo 5 > /proc/<pid>/clear_refs` so that a peak belongs to one benchmark), and CPU time.
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

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU time of the process so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is the state (field 3 of stat); utime and stime are fields 14 and 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
