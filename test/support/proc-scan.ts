// What is left of a task in /proc: the live processes of a process group, or those whose
// environment carries a given marker (e.g. the task's HOME, unique to its folder).
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  pgrp: number;
  state: string;
  environ: string[];
}

function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let environ: string[] = [];
      try {
        environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      } catch {
        // a process of another user, or gone
      }
      out.push({ pid: Number(entry), state: fields[0], pgrp: Number(fields[2]), environ });
    } catch {
      // ended while we looked
    }
  }
  return out;
}

/** Live (non-zombie) processes in group `pgid` or whose environment holds every one of `markers`. */
export function leftoverProcesses(opts: { pgid?: number; markers?: string[] }): number[] {
  return processes()
    .filter((p) => p.state !== 'Z')
    .filter(
      (p) =>
        (opts.pgid && p.pgrp === opts.pgid) ||
        (opts.markers?.length && opts.markers.every((m) => p.environ.includes(m))),
    )
    .map((p) => p.pid);
}
