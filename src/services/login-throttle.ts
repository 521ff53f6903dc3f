// Login throttling: after too many failed logins for one user, or from one client address, within
// a sliding window, every login for that user or from that address is refused with 429 — the right
// password included — until enough failures have aged out of the window. Failures are rows in the
// database, so every API server counts the same ones. Refused attempts are not counted: a lock
// ends one window after the failures that caused it, and the per-address limit caps how many
// users one address can lock at a time.
import type { Db } from '../store/db.ts';
import { deleteFailuresOf, deleteFailuresUntil, failureTimesSince, insertFailures } from '../store/login-failures.ts';
import { TooManyRequestsError } from './errors.ts';

export interface LoginThrottleRules {
  /** Failures per user (or per unknown login name) within the window. */
  perUser: number;
  /** Failures per client address within the window. */
  perAddress: number;
  windowMs: number;
}

/** The counters one login attempt touches: `user:<id>` (or `name:<login>` when unknown) and `address:<ip>`. */
export interface LoginKeys {
  user: string;
  address: string;
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly rules: () => LoginThrottleRules,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 with the seconds to wait when either counter is full. */
  async refuseIfLimited(keys: LoginKeys): Promise<void> {
    const { perUser, perAddress } = this.rules();
    const waits = [await this.secondsToWait(keys.user, perUser), await this.secondsToWait(keys.address, perAddress)];
    const wait = Math.max(...waits);
    if (wait > 0) {
      const which = waits[0] > 0 ? 'for this user' : 'from this address';
      throw new TooManyRequestsError(`too many failed logins ${which}; try again in ${wait} s`, wait);
    }
  }

  async failed(keys: LoginKeys): Promise<void> {
    const at = new Date(this.now());
    await insertFailures(this.db, [keys.user, keys.address], at);
    await deleteFailuresUntil(this.db, new Date(this.now() - this.rules().windowMs));
  }

  /** A successful login clears its user's failures (not its address's: one good account must not reset those). */
  async succeeded(keys: LoginKeys): Promise<void> {
    await deleteFailuresOf(this.db, keys.user);
  }

  private async secondsToWait(key: string, limit: number): Promise<number> {
    const { windowMs } = this.rules();
    const now = this.now();
    const recent = await failureTimesSince(this.db, key, new Date(now - windowMs));
    if (recent.length < limit) return 0;
    // Below the limit again once this many of the oldest have left the window.
    const freedBy = recent[recent.length - limit].getTime() + windowMs;
    return Math.max(1, Math.ceil((freedBy - now) / 1000));
  }
}
