// The one WebSocket to /api/ws (§2.5): status updates invalidate the cached task queries, log
// lines go to whoever follows that task. No polling: when the socket drops it reconnects (with a
// growing pause) and refetches everything cached, since updates may have been missed meanwhile.
import type { QueryClient } from '@tanstack/react-query';

export interface UpdateMessage {
  type: 'update';
  task_id: number;
  project_id: number;
  template_id: number;
  status: string;
  start: string | null;
  end: string | null;
}

export interface LogMessage {
  type: 'log';
  task_id: number;
  project_id: number;
  output: string;
  time: string;
  continued?: true;
}

type LogListener = (line: LogMessage) => void;

export class LiveSocket {
  private ws: WebSocket | undefined;
  private readonly logListeners = new Map<number, Set<LogListener>>();
  private readonly openListeners = new Set<() => void>();
  private retryMs = 500;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;

  constructor(private readonly queries: QueryClient) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.close();
    this.ws = undefined;
  }

  /** Calls `listener` with each live line of task `taskId`; returns the function that stops it. */
  followLog(taskId: number, listener: LogListener): () => void {
    let set = this.logListeners.get(taskId);
    if (!set) this.logListeners.set(taskId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.logListeners.delete(taskId);
    };
  }

  /** Calls `listener` each time the socket (re)opens, when lines may have been missed. */
  onOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  private connect(): void {
    const url = new URL('/api/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 500;
      // Updates sent before this socket opened (the first time too: reads may have raced it) were missed.
      void this.queries.invalidateQueries();
      for (const listener of this.openListeners) listener();
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = () => {
      if (this.ws !== ws || this.stopped) return;
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: UpdateMessage | LogMessage;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === 'log') {
      for (const listener of this.logListeners.get(message.task_id) ?? []) listener(message);
    } else if (message.type === 'update') {
      void this.queries.invalidateQueries({ queryKey: ['project', message.project_id, 'tasks'] });
      void this.queries.invalidateQueries({ queryKey: ['project', message.project_id, 'task', message.task_id] });
      void this.queries.invalidateQueries({ queryKey: ['tasks'] });
    }
  }
}
