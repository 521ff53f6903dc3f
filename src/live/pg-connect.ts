// A dedicated PostgreSQL connection for the live bus (LISTEN needs one session that stays; NOTIFY
// order is only kept on one session), opened again and again until it works or the bus closes.
import pg from 'pg';
import { LIVE_APPLICATION } from './pg-events.ts';

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;
const QUERY_TIMEOUT_MS = 10_000;

export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** A connected client, or null once `closed()` says to give up. Failures are logged once per outage. */
export async function connectUntilUp(url: string, role: string, closed: () => boolean): Promise<pg.Client | null> {
  let delay = FIRST_RETRY_MS;
  let reported = false;
  while (!closed()) {
    const client = new pg.Client({
      connectionString: url,
      application_name: LIVE_APPLICATION,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      query_timeout: QUERY_TIMEOUT_MS, // a session that stopped answering counts as lost
    });
    client.on('error', () => {}); // a broken session shows as a failed query or an 'end' event
    try {
      await client.connect();
      if (reported) console.error(`[live] ${role}: connected to PostgreSQL again`);
      return client;
    } catch (err) {
      if (!reported) console.error(`[live] ${role}: cannot reach PostgreSQL (${(err as Error).message}); retrying`);
      reported = true;
      await client.end().catch(() => {});
      await pause(delay);
      delay = Math.min(delay * 2, LAST_RETRY_MS);
    }
  }
  return null;
}
