// Runs one child process in a process group of its own, feeding each output line to a callback.
// stop() signals the whole group (the script and everything it started) and waits until the
// group is gone. Arguments are always an array: nothing is ever parsed by a shell.
import { spawn } from 'node:child_process';
import { asTaskUser, type RunAs } from '../security/task-user.ts';
import { MAX_PIECE_UNITS, pieceEnd } from '../domain/output-pieces.ts';
import { groupAlive } from '../tasks/process-group.ts';
import { StringDecoder } from 'node:string_decoder';

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

/** SIGTERM first, then SIGKILL after this long: a stop always ends within 2 seconds. */
const STOP_GRACE_MS = 1500;

/** Where the lines go, when it can say "wait": the task's output writer. */
export interface LineSink {
  readonly overloaded: boolean;
  hasRoom(): Promise<void>;
}

/** Receives a line, or a piece of one: `continued` says that more of the same line follows. */
export type LineHandler = (text: string, continued: boolean) => void;

/** Hears a process's lines and pieces; `source` is 1 for stdout and 2 for stderr. */
export type OutputHandler = (text: string, continued: boolean, source: 1 | 2) => void;

/**
 * Splits a byte or text stream into lines on \n and \r\n, in time linear in the input: the
 * pending text of an unfinished line is kept as a list of chunks and joined only to cut a piece.
 * Bytes are decoded as UTF-8 across chunk boundaries, so no character is ever split.
 */
export class LineSplitter {
  private parts: string[] = [];
  private size = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly onLine: LineHandler,
    private readonly maxPiece = MAX_PIECE_UNITS,
  ) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.take(text.slice(start, nl));
      this.finishLine();
      start = nl + 1;
    }
    if (start < text.length) this.take(start === 0 ? text : text.slice(start));
  }

  end(): void {
    const tail = this.decoder.end();
    if (tail) this.take(tail);
    if (this.size > 0) this.finishLine();
  }

  private take(text: string): void {
    if (!text) return;
    this.parts.push(text);
    this.size += text.length;
    if (!this.pieceDue(this.size, text)) return;
    const joined = this.parts.join('');
    let from = 0;
    while (this.pieceDue(joined.length - from, joined)) {
      const end = pieceEnd(joined, from, this.maxPiece);
      this.onLine(joined.slice(from, end), true);
      from = end;
    }
    this.parts = [joined.slice(from)];
    this.size = joined.length - from;
  }

  /** More than a piece is pending; a final \r that may yet turn out to end the line does not count. */
  private pieceDue(pending: number, last: string): boolean {
    return pending > this.maxPiece && !(pending === this.maxPiece + 1 && last.endsWith('\r'));
  }

  private finishLine(): void {
    const line = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, false);
  }
}

export class RunningProcess {
  readonly done: Promise<ProcessResult>;
  readonly pid: number;
  private exited = false;

  /** With `sink`, reading pauses while it is overloaded: the pipe fills and the process waits. */
  constructor(spec: ProcessSpec, onLine: OutputHandler, sink?: LineSink) {
    const { command, args } = asTaskUser(spec.runAs, spec.command, spec.args);
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = new LineSplitter((text, continued) => onLine(text, continued, 1));
    const err = new LineSplitter((text, continued) => onLine(text, continued, 2));
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
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      holdOn();
    });
    child.stderr.on('data', (c: Buffer) => {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
