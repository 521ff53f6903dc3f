import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskOutputWriter, type OutputLine } from './output-writer.ts';

// The flush timer runs on a fake clock; the fake database answers on a later turn of the event
// loop (setImmediate, not faked), so inserts still overlap whatever runs meanwhile.
beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

function recordingSink(fail?: (call: number) => boolean) {
  const stored: OutputLine[] = [];
  const batches: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  let failedOnce = () => {};
  const failed = new Promise<void>((r) => (failedOnce = r));
  const persist = async (batch: OutputLine[]) => {
    calls++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await nextTurn();
    inFlight--;
    if (fail?.(calls)) {
      failedOnce();
      throw new Error('database unavailable');
    }
    batches.push(batch.length);
    stored.push(...batch);
  };
  return { persist, stored, batches, maxInFlight: () => maxInFlight, failed };
}

test('a flood of lines is stored in order, in batches of at most 1000, one insert at a time', async () => {
  const sink = recordingSink();
  const streamed: number[] = [];
  const writer = TaskOutputWriter.withSink(
    7,
    3,
    sink.persist,
    (_id, lines) => void streamed.push(...lines.map((l) => l.seq)),
  );
  for (let i = 1; i <= 25_000; i++) writer.write(`line ${i}`);
  await writer.close();
  assert.equal(sink.stored.length, 25_000);
  assert.deepEqual(
    sink.stored.map((l) => l.seq),
    Array.from({ length: 25_000 }, (_, i) => i + 4),
  );
  assert.equal(sink.stored.at(-1)!.output, 'line 25000');
  assert.ok(Math.max(...sink.batches) <= 1000, `largest batch ${Math.max(...sink.batches)}`);
  assert.equal(sink.maxInFlight(), 1);
  assert.deepEqual(
    streamed,
    sink.stored.map((l) => l.seq),
    'live listeners see each stored batch, in order',
  );
});

test('a few lines are stored by the timer without an explicit flush', async () => {
  const sink = recordingSink();
  const writer = TaskOutputWriter.withSink(1, 0, sink.persist);
  writer.write('one');
  writer.write('two');
  await nextTurn();
  assert.equal(sink.stored.length, 0, 'nothing is stored before the timer');
  mock.timers.tick(25);
  await nextTurn();
  await nextTurn();
  assert.deepEqual(
    sink.stored.map((l) => l.output),
    ['one', 'two'],
    'stored within 25 ms',
  );
  writer.write('three');
  await writer.close();
  assert.deepEqual(
    sink.stored.map((l) => l.output),
    ['one', 'two', 'three'],
  );
});

test('a failed insert keeps its lines; the next flush stores them, in order', async () => {
  const sink = recordingSink((call) => call === 1);
  const writer = TaskOutputWriter.withSink(1, 0, sink.persist);
  for (let i = 1; i <= 3000; i++) writer.write(`line ${i}`); // the flush started at line 1000 fails
  await sink.failed;
  writer.write('after the failure');
  await writer.close();
  assert.equal(sink.stored.length, 3001);
  assert.deepEqual(
    sink.stored.map((l) => l.seq),
    Array.from({ length: 3001 }, (_, i) => i + 1),
  );
});

test('secrets are masked before lines are stored', async () => {
  const sink = recordingSink();
  const writer = TaskOutputWriter.withSink(1, 0, sink.persist);
  writer.maskSecrets(['hunter2', 'ab']);
  writer.write('password=hunter2 ab');
  await writer.close();
  assert.equal(sink.stored[0].output, 'password=********** ab');
});

test('past 4,000 waiting lines the writer is overloaded, and has room again once half is stored', async () => {
  const sink = recordingSink();
  const writer = TaskOutputWriter.withSink(1, 0, sink.persist);
  for (let i = 1; i <= 4_000; i++) writer.write(`line ${i}`);
  assert.equal(writer.overloaded, true);
  await writer.hasRoom();
  assert.equal(writer.overloaded, false);
  assert.ok(sink.stored.length >= 2000, `stored ${sink.stored.length}`);
  await writer.close();
  assert.equal(sink.stored.length, 4_000);
  await writer.hasRoom(); // not overloaded: at once
});

test('lines stored but not yet published by a slow live listener count as waiting', async () => {
  const sink = recordingSink();
  const releases: Array<() => void> = [];
  const published: number[] = [];
  const listener = (_id: number, lines: OutputLine[]) =>
    new Promise<void>((resolve) => releases.push(() => (published.push(...lines.map((l) => l.seq)), resolve())));
  const writer = TaskOutputWriter.withSink(1, 0, sink.persist, listener);
  for (let i = 1; i <= 4_000; i++) writer.write(`line ${i}`);
  await writer.flush();
  assert.equal(sink.stored.length, 4_000, 'the database has every line');
  assert.equal(writer.overloaded, true, 'the listener has published none of them yet');
  let roomAgain = false;
  const room = writer.hasRoom().then(() => (roomAgain = true));
  // Barrier: a flush asked for after hasRoom() ends after any it started, and a turn later.
  await writer.flush();
  await nextTurn();
  assert.equal(roomAgain, false);
  for (const release of releases.splice(0)) release();
  await room;
  assert.equal(writer.overloaded, false);
  assert.deepEqual(
    published,
    sink.stored.map((l) => l.seq),
  );
});

test('a listener that throws does not disturb storing', async () => {
  const sink = recordingSink();
  const writer = TaskOutputWriter.withSink(1, 0, sink.persist, () => {
    throw new Error('listener broke');
  });
  for (let i = 1; i <= 1500; i++) writer.write(`line ${i}`);
  await writer.close();
  assert.equal(sink.stored.length, 1500);
  assert.equal(writer.overloaded, false);
});
