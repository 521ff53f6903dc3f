// The live bus: task status changes and output lines, addressed to users by id, for /api/ws.
// This in-process bus serves the embedded mode (API and worker in one process). In split mode an
// API process uses PgLiveBus (pg-bus.ts), which implements the same interface for its own
// subscribers and is fed by the task events that every process NOTIFYs (pg-notifier.ts).

/** §2.5: sent on each status change of a task. */
export interface UpdateMessage {
  type: 'update';
  task_id: number;
  project_id: number;
  template_id: number;
  status: string;
  start: string | null;
  end: string | null;
  version: string | null;
}

/** §2.5: sent for each output line of a task. */
export interface LogMessage {
  type: 'log';
  task_id: number;
  project_id: number;
  output: string;
  time: string;
  /** Signalman's addition, only when true: a piece of a long line, which the next message goes on with. */
  continued?: true;
}

export type LiveMessage = UpdateMessage | LogMessage;
export type LiveListener = (message: LiveMessage) => void;

export interface LiveBus {
  /** Delivers `message` to the subscribers of each user in `recipients`. Never throws or waits. */
  publish(message: LiveMessage, recipients: Iterable<number>): void;
  /** Listens for messages addressed to `userId`; returns the function that stops listening. */
  subscribe(userId: number, listener: LiveListener): () => void;
  /** False when nobody can be listening, so publishers may skip the work of addressing. */
  readonly active: boolean;
}

export class InProcessBus implements LiveBus {
  private readonly listeners = new Map<number, Set<LiveListener>>();
  private count = 0;

  get active(): boolean {
    return this.count > 0;
  }

  publish(message: LiveMessage, recipients: Iterable<number>): void {
    // Called once per output line: a short list is checked for repeats in place, without a Set.
    const list = Array.isArray(recipients) ? recipients : [...recipients];
    const ids = list.length > 16 ? [...new Set(list)] : list;
    for (let i = 0; i < ids.length; i++) {
      const userId = ids[i];
      if (ids !== list || ids.indexOf(userId) === i) this.deliver(userId, message);
    }
  }

  private deliver(userId: number, message: LiveMessage): void {
    const listeners = this.listeners.get(userId);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (err) {
        console.error('[live] a listener failed:', err);
      }
    }
  }

  subscribe(userId: number, listener: LiveListener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    this.count++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.count--;
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(userId) === set) this.listeners.delete(userId);
    };
  }
}
