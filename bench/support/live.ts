// A /api/ws client that stamps every message with the time it arrived, so that benchmarks can
// ask "when did the line / the status reach a user?".
import WebSocket from 'ws';

export interface Received {
  message: any;
  /** Arrival time, ms since the epoch with sub-millisecond precision. */
  at: number;
}

type Waiter = { match: (m: any) => boolean; resolve: (r: Received) => void };

export const nowMs = (): number => performance.timeOrigin + performance.now();

export class LiveClient {
  private readonly byTask = new Map<number, Received[]>();
  private waiters: Waiter[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const r: Received = { message: JSON.parse(String(data)), at: nowMs() };
      const taskId = r.message.task_id as number;
      if (!this.byTask.has(taskId)) this.byTask.set(taskId, []);
      this.byTask.get(taskId)!.push(r);
      this.waiters = this.waiters.filter((w) => (w.match(r.message) ? (w.resolve(r), false) : true));
    });
  }

  static connect(url: string, token: string): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
      socket.once('open', () => resolve(new LiveClient(socket)));
      socket.once('error', reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Messages of one task received so far. */
  of(taskId: number): Received[] {
    return this.byTask.get(taskId) ?? [];
  }

  /** The first message of `taskId` matching `match`, received already or still to come. */
  waitFor(taskId: number, match: (m: any) => boolean, timeoutMs = 60_000): Promise<Received> {
    const seen = this.of(taskId).find((r) => match(r.message));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`task ${taskId}: no matching live message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        match: (m) => m.task_id === taskId && match(m),
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  forget(taskId: number): void {
    this.byTask.delete(taskId);
  }

  close(): void {
    this.socket.close();
  }
}

export const isLog = (text: string) => (m: any) => m.type === 'log' && m.output === text;
export const isStatus =
  (...statuses: string[]) =>
  (m: any) =>
    m.type === 'update' && statuses.includes(m.status);
