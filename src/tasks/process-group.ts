// Whether a task's process group still runs anything (the runner, the leftovers reaper and the
// embedded dev server's shutdown all ask).
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Whether any live (non-zombie) process is left in process group `pgid`. Zombies are ignored:
 * in containers whose PID 1 does not reap orphans they linger, yet they run nothing.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}
