// eventually() on fake timers: no test here waits in real time.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { CannotHappen, eventually } from './eventually.ts';

/** Moves the fake clock on and lets the retried check run. */
async function advance(ms: number): Promise<void> {
  mock.timers.tick(ms);
  await new Promise((r) => setImmediate(r));
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: Error }> {
  return promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );
}

describe('eventually', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
  afterEach(() => mock.timers.reset());

  it('returns the first value that is not false, null or undefined', async () => {
    const answers = [undefined, null, false, 0, 7];
    const waiting = eventually(() => answers.shift(), { what: 'an answer', interval: 10 });
    await advance(0);
    for (let i = 0; i < 3; i++) await advance(10);
    assert.equal(await waiting, 0);
  });

  it('retries an assertion until it stops throwing and returns what it returns', async () => {
    let calls = 0;
    const waiting = eventually(
      async () => {
        calls++;
        assert.ok(calls >= 3, `only ${calls} calls`);
        return 'held';
      },
      { what: 'the third call', interval: 10 },
    );
    await advance(0);
    await advance(10);
    await advance(10);
    assert.equal(await waiting, 'held');
    assert.equal(calls, 3);
  });

  it('waits the interval between attempts', async () => {
    let calls = 0;
    const waiting = settle(eventually(() => ++calls >= 3, { what: 'three calls', interval: 100 }));
    await advance(0);
    await advance(99);
    assert.equal(calls, 1);
    await advance(1);
    assert.equal(calls, 2);
    await advance(100);
    assert.deepEqual(await waiting, { value: true });
  });

  it('on timeout names what it waited for and the last value it saw', async () => {
    const waiting = settle(eventually(() => undefined, { what: 'task 4 to succeed', timeout: 200, interval: 50 }));
    await advance(0);
    for (let i = 0; i < 4; i++) await advance(50);
    const { error } = await waiting;
    assert.ok(error);
    assert.match(
      error.message,
      /^timed out after 200 ms \(5 attempts\) waiting for task 4 to succeed; last value: undefined$/,
    );
  });

  it('on timeout shows the last value returned and the last assertion error', async () => {
    let calls = 0;
    const waiting = settle(
      eventually(
        () => {
          calls++;
          if (calls === 1) return false;
          assert.equal(calls, 0, 'the status was running');
          return true;
        },
        { what: 'the status', timeout: 100, interval: 50 },
      ),
    );
    await advance(0);
    await advance(50);
    await advance(50);
    const { error } = await waiting;
    assert.ok(error);
    assert.match(
      error.message,
      /waiting for the status; last value: false; last error: the status was running\n\n3 !== 0/,
    );
    assert.ok(error.cause instanceof assert.AssertionError);
  });

  it('stops at once when the check says the thing cannot happen any more', async () => {
    let calls = 0;
    const waiting = settle(
      eventually(
        () => {
          if (++calls === 2) throw new CannotHappen('the server exited with 1');
          return false;
        },
        { what: 'the server to listen', interval: 10 },
      ),
    );
    await advance(0);
    await advance(10);
    const { error } = await waiting;
    assert.equal(error?.message, 'gave up waiting for the server to listen: the server exited with 1');
    assert.equal(calls, 2);
  });
});
