// One /api/ws client. Messages go straight to the socket while it keeps up; when it falls behind
// they wait in a queue bounded in messages and in bytes, and a client whose queue is full (or that
// makes no progress for the write timeout, or misses a pong) is dropped, so a slow client never
// holds anything up and never costs more than that bound in memory.

/** The part of a `ws` WebSocket that a connection uses (a fake one in unit tests). */
export interface LiveSocket {
  readonly bufferedAmount: number;
  send(data: string, cb: (err?: Error) => void): void;
  ping(): void;
  terminate(): void;
  on(event: 'pong' | 'close', listener: () => void): unknown;
}

export interface ConnectionLimits {
  /**
   * Messages that may wait for a slow socket before the client is dropped. Upstream drops at 256;
   * a client that reads but lags behind a flood of output (the server writes a turn's frames
   * together, see batchWrites) is given more, within the byte bound below.
   */
  queueLimit: number;
  /** Bytes that may wait for a slow socket before the client is dropped (long lines). */
  queueBytesLimit?: number;
  /** Bytes the socket may hold unsent before new messages wait in the queue. */
  socketHighWater: number;
  /** Time a waiting queue may make no progress before the client is dropped (upstream: 10 s). */
  writeTimeoutMs: number;
  /** Ping period; a client that has not answered the previous ping by then is dropped (upstream: 54 s / 60 s). */
  pingEveryMs: number;
  /** How often the server checks that the credentials the client connected with still hold (logout, revoked token, deleted user). */
  recheckEveryMs?: number;
}

/** The TCP socket under a WebSocket: frames sent in one turn of the event loop go out in one write. */
export interface CorkableTransport {
  cork(): void;
  uncork(): void;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  queueLimit: 16_384,
  queueBytesLimit: 4 * 1024 * 1024,
  socketHighWater: 64 * 1024,
  writeTimeoutMs: 10_000,
  pingEveryMs: 54_000,
  recheckEveryMs: 30_000,
};

export class LiveConnection {
  private readonly queue: string[] = [];
  private queuedBytes = 0;
  private closedReason: string | null = null;
  private stalled: NodeJS.Timeout | undefined;
  private readonly pinger: NodeJS.Timeout;
  private awaitingPong = false;
  private corked = false;

  constructor(
    private readonly socket: LiveSocket,
    private readonly limits: ConnectionLimits = DEFAULT_LIMITS,
    private readonly onClose: (reason: string) => void = () => {},
    private readonly transport?: CorkableTransport,
  ) {
    socket.on('pong', () => (this.awaitingPong = false));
    socket.on('close', () => this.finish('closed by peer'));
    this.pinger = setInterval(() => {
      if (this.awaitingPong) return this.drop('no pong');
      this.awaitingPong = true;
      try {
        socket.ping();
      } catch {
        this.drop('ping failed');
      }
    }, limits.pingEveryMs);
    this.pinger.unref();
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Sends `message` as JSON text, or queues it; drops the client when the queue is full. */
  push(message: unknown): void {
    if (this.closed) return;
    if (this.queue.length >= this.limits.queueLimit) {
      this.drop('send buffer full');
      return;
    }
    const data = JSON.stringify(message);
    if (this.queue.length > 0 && this.queuedBytes + data.length > (this.limits.queueBytesLimit ?? Infinity)) {
      this.drop('send buffer full');
      return;
    }
    this.queue.push(data);
    this.queuedBytes += data.length;
    this.pump();
  }

  /** Holds this turn's frames back and writes them together at its end: a few system calls, not one per line. */
  private batchWrites(): void {
    if (this.corked || !this.transport) return;
    this.corked = true;
    this.transport.cork();
    process.nextTick(() => {
      this.corked = false;
      this.transport?.uncork();
    });
  }

  private pump(): void {
    let progressed = false;
    this.batchWrites();
    while (!this.closed && this.queue.length > 0 && this.socket.bufferedAmount < this.limits.socketHighWater) {
      const data = this.queue.shift()!;
      this.queuedBytes -= data.length;
      progressed = true;
      try {
        // Each completed write gives the queue another chance, so a queue never waits forever.
        this.socket.send(data, (err) => (err ? this.drop('write failed') : this.pump()));
      } catch {
        this.drop('write failed');
        return;
      }
    }
    if (this.queue.length === 0 || progressed) {
      clearTimeout(this.stalled);
      this.stalled = undefined;
    }
    if (this.queue.length > 0 && !this.stalled && !this.closed) {
      this.stalled = setTimeout(() => this.drop('write timeout'), this.limits.writeTimeoutMs);
      this.stalled.unref();
    }
  }

  drop(reason: string): void {
    if (this.closed) return;
    this.finish(reason);
    this.socket.terminate();
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closedReason = reason;
    this.queue.length = 0;
    this.queuedBytes = 0;
    clearInterval(this.pinger);
    clearTimeout(this.stalled);
    this.onClose(reason);
  }
}
