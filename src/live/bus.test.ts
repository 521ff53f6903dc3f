import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus, type LiveMessage } from './bus.ts';

const log = (output: string): LiveMessage => ({
  type: 'log',
  task_id: 1,
  project_id: 1,
  output,
  time: '2030-01-01T00:00:00.000Z',
});

test('the bus delivers a message to each recipient once, and to nobody else', () => {
  const bus = new InProcessBus();
  const got: Record<number, string[]> = { 1: [], 2: [], 3: [] };
  for (const id of [1, 2, 3]) bus.subscribe(id, (m) => got[id].push((m as { output: string }).output));
  bus.publish(log('a'), [1, 2, 2]);
  assert.deepEqual(got, { 1: ['a'], 2: ['a'], 3: [] });
});

test('a long list of recipients, with repeats and given as any iterable, still reaches each user once', () => {
  const bus = new InProcessBus();
  const got = new Map<number, number>();
  for (let id = 1; id <= 40; id++) bus.subscribe(id, () => got.set(id, (got.get(id) ?? 0) + 1));
  const ids = Array.from({ length: 30 }, (_, i) => i + 1);
  bus.publish(log('a'), [...ids, ...ids]);
  bus.publish(log('b'), new Set([35, 36]));
  assert.deepEqual(
    [...got.entries()].sort((x, y) => x[0] - y[0]),
    [...ids.map((id) => [id, 1]), [35, 1], [36, 1]],
  );
});

test('a user with two connections gets the message on both; unsubscribing stops delivery', () => {
  const bus = new InProcessBus();
  const seen: string[] = [];
  const stopA = bus.subscribe(7, () => seen.push('A'));
  bus.subscribe(7, () => seen.push('B'));
  bus.publish(log('x'), [7]);
  stopA();
  stopA(); // twice is harmless
  bus.publish(log('y'), [7]);
  assert.deepEqual(seen, ['A', 'B', 'B']);
});

test('the bus is active only while someone listens', () => {
  const bus = new InProcessBus();
  assert.equal(bus.active, false);
  const stop = bus.subscribe(1, () => {});
  assert.equal(bus.active, true);
  stop();
  assert.equal(bus.active, false);
});

test('a failing listener does not keep the message from the others', () => {
  const bus = new InProcessBus();
  const seen: number[] = [];
  const quiet = console.error;
  console.error = () => {};
  try {
    bus.subscribe(1, () => {
      throw new Error('boom');
    });
    bus.subscribe(2, () => seen.push(2));
    bus.publish(log('z'), [1, 2]);
  } finally {
    console.error = quiet;
  }
  assert.deepEqual(seen, [2]);
});
