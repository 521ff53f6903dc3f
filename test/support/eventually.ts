// Waiting in tests: retry a check until it passes, instead of sleeping a fixed time or writing
// another polling loop. A timed-out wait says what it waited for and what it saw last.
import { inspect } from 'node:util';

export interface EventuallyOptions {
  /** What the test waits for, as the failure message should name it: "the success update on the admin socket". */
  what: string;
  /** Milliseconds before giving up (default 30 000). */
  timeout?: number;
  /** Milliseconds between attempts (default 50). */
  interval?: number;
}

/** Thrown by a check when what it waits for can no longer happen (the process exited): ends the wait at once. */
export class CannotHappen extends Error {}

type Passed<T> = Exclude<T, false | null | undefined>;

/**
 * Calls `check` until it passes and returns its value. A check passes when it neither throws nor
 * returns `false`, `null` or `undefined`: a predicate passes on `true`, a finder on what it found,
 * and an assertion (which throws until it holds) must end with `return true`. Prefer assertions
 * where the failure needs explaining: their message is what a timed-out wait reports.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions): Promise<Passed<T>> {
  const { what, timeout = 30_000, interval = 50 } = options;
  const started = Date.now();
  let attempts = 0;
  let returned = false;
  let lastValue: unknown;
  let lastError: unknown;
  for (;;) {
    attempts++;
    try {
      const value = await check();
      if (value !== false && value !== null && value !== undefined) return value as Passed<T>;
      returned = true;
      lastValue = value;
    } catch (err) {
      if (err instanceof CannotHappen) throw new Error(`gave up waiting for ${what}: ${err.message}`, { cause: err });
      lastError = err;
    }
    if (Date.now() - started >= timeout)
      throw timedOut(what, timeout, attempts, returned ? [lastValue] : [], lastError);
    await new Promise((r) => setTimeout(r, interval));
  }
}

function timedOut(
  what: string,
  timeout: number,
  attempts: number,
  lastValue: [unknown] | [],
  lastError: unknown,
): Error {
  const seen: string[] = [];
  if (lastValue.length) seen.push(`last value: ${inspect(lastValue[0])}`);
  if (lastError !== undefined)
    seen.push(`last error: ${lastError instanceof Error ? lastError.message : inspect(lastError)}`);
  return new Error(`timed out after ${timeout} ms (${attempts} attempts) waiting for ${what}; ${seen.join('; ')}`, {
    cause: lastError,
  });
}
