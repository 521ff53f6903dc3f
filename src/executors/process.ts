// Runs one child process in a process group of its own, feeding each output line to a callback.
// stop() signals the whole group (the script and everything it started) and waits until the
// group is gone. Arguments are always an array: nothing is ever parsed by a shell.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { asTaskUser, type RunAs } from '../security/task-user.ts';

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Who the process runs as (src/security/task-user.ts); unset, the server's user. */
  runAs?: RunAs;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

const STOP_GRACE_MS = 3000;

/** Where the lines go, when it can say "wait": the task's output writer. */
export interface LineSink {
  readonly overloaded: boolean;
  hasRoom(): Promise<void>;
}

export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: string): void {
    const text = this.rest + chunk;
    const parts = text.split(/\r?\n/);
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.onLine(p);
  }
  end(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}

export class RunningProcess {
  readonly done: Promise<ProcessResult>;
  readonly pid: number;
  private exited = false;

  /** With `sink`, reading pauses while it is overloaded: the pipe fills and the process waits. */
  constructor(spec: ProcessSpec, onLine: (line: string) => void, sink?: LineSink) {
    const { command, args } = asTaskUser(spec.runAs, spec.command, spec.args);
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = new LineSplitter(onLine);
    const err = new LineSplitter(onLine);
    let paused = false;
    const holdOn = () => {
      if (paused || !sink?.overloaded) return;
      paused = true;
      child.stdout.pause();
      child.stderr.pause();
      void sink.hasRoom().then(() => {
        paused = false;
        child.stdout.resume();
        child.stderr.resume();
      });
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out.push(c);
      holdOn();
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err.push(c);
      holdOn();
    });
    this.done = new Promise((resolve, reject) => {
      child.once('error', (e) => {
        this.exited = true;
        reject(e);
      });
      child.once('close', (exitCode, signal) => {
        this.exited = true;
        out.end();
        err.end();
        resolve({ exitCode, signal });
      });
    });
    this.pid = child.pid ?? -1;
  }

  /** Signals the process group; SIGKILL follows after a grace period unless `force` asks for it at once. */
  async stop(force = false): Promise<void> {
    if (this.pid <= 0) return;
    signalGroup(this.pid, force ? 'SIGKILL' : 'SIGTERM');
    const deadline = Date.now() + (force ? 0 : STOP_GRACE_MS);
    while (groupAlive(this.pid) && Date.now() < deadline) await sleep(50);
    while (groupAlive(this.pid)) {
      signalGroup(this.pid, 'SIGKILL');
      await sleep(50);
    }
    if (!this.exited) await this.done.catch(() => {});
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
