// The Temporal client used by the API to start, stop and inspect task workflows.
import { Client, Connection } from '@temporalio/client';

export async function connectClient(address: string, namespace: string): Promise<Client> {
  const connection = await connectWithRetry(() => Connection.connect({ address }), address);
  return new Client({ connection, namespace });
}

/** Temporal may still be starting (split mode, compose): keep trying for a minute. */
export async function connectWithRetry<T>(connect: () => Promise<T>, address: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await connect();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`cannot reach Temporal at ${address}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
