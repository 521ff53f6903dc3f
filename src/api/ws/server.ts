// /api/ws: an authenticated WebSocket (session cookie or bearer token, as the rest of the API)
// that pushes live task messages to the user (§2.5). Client messages are read and ignored.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Db } from '../../store/db.ts';
import type { LiveBus } from '../../live/bus.ts';
import { identify } from '../auth.ts';
import { foreignOriginProblem, upgradeIsSecure } from '../same-origin.ts';
import { DEFAULT_LIMITS, LiveConnection, type ConnectionLimits } from './connection.ts';

export const LIVE_PATH = '/api/ws';
const MAX_INBOUND_BYTES = 512;

interface Attached {
  wss: WebSocketServer;
  connections: Set<LiveConnection>;
}

const attached = new WeakMap<Server, Attached>();

/** `webHost` (SIGNALMAN_WEB_HOST) is, besides the server's own origin, where a browser's upgrade may come from. */
export function attachLiveSocket(
  server: Server,
  db: Db,
  bus: LiveBus,
  limits: ConnectionLimits = DEFAULT_LIMITS,
  webHost = '',
): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INBOUND_BYTES });
  const connections = new Set<LiveConnection>();
  attached.set(server, { wss, connections });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    if (path !== LIVE_PATH) return refuse(socket, 404, `no WebSocket at ${path}`);
    const foreign = foreignOriginProblem(req, upgradeIsSecure(req), webHost);
    if (foreign) return refuse(socket, 403, foreign);
    identify(db, req).then(
      (caller) => {
        if (!caller) return refuse(socket, 401, 'authentication required');
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', () => {});
          let unsubscribe = () => {};
          let recheck: NodeJS.Timeout | undefined;
          const conn = new LiveConnection(
            ws,
            limits,
            () => {
              unsubscribe();
              clearInterval(recheck);
              connections.delete(conn);
            },
            socket,
          );
          connections.add(conn);
          unsubscribe = bus.subscribe(caller.id, (message) => conn.push(message));
          // A session logged out, a token revoked or a user deleted ends the stream too, within
          // one period, whichever API server the change went through.
          recheck = setInterval(() => {
            identify(db, req).then(
              (now) => (now?.id === caller.id ? undefined : conn.drop('credentials no longer valid')),
              () => {}, // the database is unreachable for now: keep the client, ask again later
            );
          }, limits.recheckEveryMs ?? DEFAULT_LIMITS.recheckEveryMs);
          recheck.unref();
        });
      },
      (err) => {
        console.error('[api] /api/ws authentication failed:', err);
        refuse(socket, 500, 'internal error');
      },
    );
  });
}

/** Drops every live client, so that the HTTP server can close. */
export function closeLiveSocket(server: Server): void {
  const a = attached.get(server);
  if (!a) return;
  for (const conn of a.connections) conn.drop('server shutting down');
  a.wss.close();
  attached.delete(server);
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

function refuse(socket: Duplex, status: number, error: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
