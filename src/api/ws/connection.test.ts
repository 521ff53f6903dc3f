import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveConnection, type ConnectionLimits, type LiveSocket } from './connection.ts';

/** A socket whose kernel buffer we control: writes complete only when `drain()` is called. */
class FakeSocket implements LiveSocket {
  bufferedAmount = 0;
  sent: string[] = [];
  pending: Array<() => void> = [];
  terminated = false;
  pings = 0;
  private sinceDrain = 0;
  private listeners: Record<string, Array<() => void>> = {};
  /** The socket backs up after `highWaterAfter` writes since it last drained. */
  constructor(private readonly highWaterAfter = Infinity) {}
  send(data: string, cb: (err?: Error) => void) {
    this.sent.push(data);
    if (++this.sinceDrain >= this.highWaterAfter) this.bufferedAmount = 1_000_000;
    this.pending.push(() => cb());
  }
  drain() {
    this.bufferedAmount = 0;
    this.sinceDrain = 0;
    const callbacks = this.pending.splice(0);
    for (const cb of callbacks) cb();
  }
  ping() {
    this.pings++;
  }
  terminate() {
    this.terminated = true;
  }
  on(event: string, listener: () => void) {
    (this.listeners[event] ??= []).push(listener);
  }
  emit(event: string) {
    for (const l of this.listeners[event] ?? []) l();
  }
}

const limits: ConnectionLimits = { queueLimit: 3, socketHighWater: 1000, writeTimeoutMs: 10_000, pingEveryMs: 60_000 };

test('a client that keeps up gets every message at once, as JSON text, in order', () => {
  const socket = new FakeSocket();
  const conn = new LiveConnection(socket, limits);
  for (let i = 0; i < 100; i++) conn.push({ n: i });
  assert.equal(socket.sent.length, 100);
  assert.deepEqual(JSON.parse(socket.sent[99]), { n: 99 });
  assert.equal(conn.closed, false);
  conn.drop('test over');
});

test('messages for a backed-up socket wait in the queue and go out, in order, once it drains', () => {
  const socket = new FakeSocket(2);
  const conn = new LiveConnection(socket, limits);
  for (let i = 0; i < 5; i++) conn.push(i);
  assert.deepEqual(socket.sent, ['0', '1']);
  assert.equal(conn.queued, 3);
  socket.drain();
  assert.deepEqual(socket.sent, ['0', '1', '2', '3']);
  socket.drain();
  assert.deepEqual(socket.sent, ['0', '1', '2', '3', '4']);
  assert.equal(conn.queued, 0);
  conn.drop('test over');
});

test('a slow client whose queue is full is dropped, not waited for', () => {
  const socket = new FakeSocket(1);
  let reason = '';
  const conn = new LiveConnection(socket, limits, (r) => (reason = r));
  for (let i = 0; i < 4; i++) conn.push(i); // 1 sent, 3 queued: the queue is full
  assert.equal(socket.terminated, false);
  conn.push(4);
  assert.equal(socket.terminated, true);
  assert.equal(reason, 'send buffer full');
  assert.equal(conn.closed, true);
  conn.push(5); // ignored once closed
  assert.equal(socket.sent.length, 1);
});

test('a client that makes no progress for the write timeout is dropped', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const socket = new FakeSocket(1);
  const conn = new LiveConnection(socket, { ...limits, writeTimeoutMs: 30 });
  conn.push(0);
  conn.push(1);
  t.mock.timers.tick(29);
  assert.equal(socket.terminated, false, 'not before the write timeout');
  t.mock.timers.tick(1);
  assert.equal(socket.terminated, true);
  assert.equal(conn.closed, true);
});

test('a client that does not answer a ping by the next one is dropped; one that does stays', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const answering = new FakeSocket();
  const silent = new FakeSocket();
  const a = new LiveConnection(answering, { ...limits, pingEveryMs: 20 });
  const s = new LiveConnection(silent, { ...limits, pingEveryMs: 20 });
  for (let round = 0; round < 4; round++) {
    t.mock.timers.tick(20);
    answering.emit('pong');
  }
  assert.equal(answering.pings, 4);
  assert.equal(silent.pings, 1, 'pinged once, dropped at the next ping time');
  assert.equal(a.closed, false);
  assert.equal(s.closed, true);
  assert.equal(silent.terminated, true);
  a.drop('test over');
});

test('a connection closed by the peer reports it once and stops its timers', () => {
  const socket = new FakeSocket();
  const reasons: string[] = [];
  const conn = new LiveConnection(socket, limits, (r) => reasons.push(r));
  socket.emit('close');
  socket.emit('close');
  assert.deepEqual(reasons, ['closed by peer']);
  assert.equal(conn.closed, true);
});

test('a slow client is dropped when its queue holds too many bytes, even with few messages', () => {
  const socket = new FakeSocket(1);
  let reason = '';
  const conn = new LiveConnection(socket, { ...limits, queueLimit: 100, queueBytesLimit: 250 }, (r) => (reason = r));
  const line = 'x'.repeat(98); // 100 bytes as JSON text
  conn.push(line); // sent; the socket backs up
  conn.push(line);
  conn.push(line); // 200 bytes wait
  assert.equal(socket.terminated, false);
  conn.push(line);
  assert.equal(socket.terminated, true);
  assert.equal(reason, 'send buffer full');
});

test('one message larger than the byte limit still goes to a client that keeps up', () => {
  const socket = new FakeSocket();
  const conn = new LiveConnection(socket, { ...limits, queueBytesLimit: 10 });
  conn.push('y'.repeat(1_000));
  assert.equal(socket.sent.length, 1);
  assert.equal(conn.closed, false);
  conn.drop('test over');
});

test('frames sent in one turn of the event loop are held back and written together at its end', async () => {
  const socket = new FakeSocket();
  const transport = {
    corks: 0,
    uncorks: 0,
    cork() {
      this.corks++;
    },
    uncork() {
      this.uncorks++;
    },
  };
  const conn = new LiveConnection(
    socket,
    { queueLimit: 10, socketHighWater: 64 * 1024, writeTimeoutMs: 10_000, pingEveryMs: 60_000 },
    () => {},
    transport,
  );
  for (let i = 0; i < 500; i++) conn.push({ type: 'log', output: `line ${i}` });
  assert.equal(socket.sent.length, 500, 'every frame is handed to the socket at once: none waits in the queue');
  assert.deepEqual([transport.corks, transport.uncorks], [1, 0], 'held back until the turn ends');
  await new Promise((r) => process.nextTick(r));
  assert.deepEqual([transport.corks, transport.uncorks], [1, 1], 'then written together');
  conn.push({ type: 'log', output: 'next turn' });
  assert.equal(transport.corks, 2, 'the next turn is a batch of its own');
  conn.drop('test over');
});
