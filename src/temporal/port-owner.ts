// Which processes listen on a TCP port, from /proc (Linux): the listening sockets' inodes in
// /proc/net/tcp and tcp6, matched against the file descriptors of the candidate processes.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN) continue;
      if (Number.parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * Whether a process of `pids` holds a socket listening on `port`; null when this cannot be
 * told (no /proc, or the listener's socket is not visible to us).
 */
export function portHeldBy(port: number, pids: number[]): boolean | null {
  if (!existsSync('/proc/net/tcp')) return null;
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return true;
      } catch {
        // closed meanwhile
      }
    }
  }
  return false;
}

/** The live processes of process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return pids;
}
