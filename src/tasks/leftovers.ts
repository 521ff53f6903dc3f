// After a worker was killed outright (kill -9), its tasks' process groups keep running and their
// folders stay on disk. At start-up a worker ends both, for folders whose owner process is gone.
// A group is signalled only when its leader still carries the task's SIGNALMAN_TASK_ID, so a
// recycled process id is never touched.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupAlive } from './process-group.ts';

const OWNER = 'owner.pid';
const GROUP = 'process-group';

export function markOwner(taskDir: string): void {
  writeFileSync(join(taskDir, OWNER), String(process.pid));
}

export function markProcessGroup(taskDir: string, pgid: number): void {
  writeFileSync(join(taskDir, GROUP), String(pgid));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function belongsToTask(pgid: number, taskId: string): boolean {
  try {
    return readFileSync(`/proc/${pgid}/environ`, 'utf8').split('\0').includes(`SIGNALMAN_TASK_ID=${taskId}`);
  } catch {
    return false;
  }
}

/** Looks in each of `roots` (task roots); returns the task ids whose leftovers were removed. */
export function reapLeftoverTasks(...roots: string[]): number[] {
  const reaped: number[] = [];
  for (const root of roots) if (existsSync(root)) reaped.push(...reapIn(root));
  return reaped;
}

function reapIn(root: string): number[] {
  const reaped: number[] = [];
  for (const name of readdirSync(root)) {
    const match = /^task_(\d+)$/.exec(name);
    if (!match) continue;
    const dir = join(root, name);
    const owner = existsSync(join(dir, OWNER)) ? Number(readFileSync(join(dir, OWNER), 'utf8')) : 0;
    if (owner && owner !== process.pid && processAlive(owner)) continue; // a live worker's task
    const groupFile = join(dir, GROUP);
    if (existsSync(groupFile)) {
      const pgid = Number(readFileSync(groupFile, 'utf8'));
      if (pgid > 0 && groupAlive(pgid) && belongsToTask(pgid, match[1])) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
    reaped.push(Number(match[1]));
  }
  return reaped;
}
