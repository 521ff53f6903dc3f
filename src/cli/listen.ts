// The API's listening sockets: HTTP, or HTTPS with the configured certificate (tls{…} in the
// configuration) and, when `tls.http_redirect_port` is set, a plain-HTTP port that sends every
// request to the HTTPS address.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Config } from '../config/index.ts';

/** An HTTPS server is used wherever the code expects an HTTP one: it has the same request events. */
export function createApiServer(app: RequestListener, config: Pick<Config, 'tls'>): Server {
  if (!config.tls) return createHttpServer(app);
  return createHttpsServer({ cert: config.tls.cert, key: config.tls.key }, app) as unknown as Server;
}

export function listen(server: Server, port: number, host: string, setting = 'SIGNALMAN_PORT'): Promise<void> {
  return new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; set ${setting} to another port`) : err),
    );
    server.listen(port, host, ok);
  });
}

const HOST_NAME = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i;

/**
 * Where a plain-HTTP request is sent: the public address when it is https (web_host), else the
 * host the request named, on the HTTPS port. A Host header that is not a host name gets 400.
 */
export function httpsLocation(
  hostHeader: string | undefined,
  url: string,
  httpsPort: number,
  webHost: string,
): string | undefined {
  const path = url.startsWith('/') ? url : '/';
  if (/^https:\/\//i.test(webHost)) return `${new URL(webHost).origin}${path}`;
  const host = (hostHeader ?? '').replace(/:\d+$/, '');
  if (!HOST_NAME.test(host)) return undefined;
  return `https://${host}${httpsPort === 443 ? '' : `:${httpsPort}`}${path}`;
}

/** The plain-HTTP redirector; it closes when the HTTPS server does. */
export async function startHttpRedirect(
  https: Server,
  config: Pick<Config, 'tls' | 'host' | 'webHost'>,
): Promise<void> {
  const port = config.tls?.httpRedirectPort;
  if (!port) return;
  const redirector = createHttpServer((req, res) => {
    const httpsPort = (https.address() as { port: number }).port;
    const location = httpsLocation(req.headers.host, req.url ?? '/', httpsPort, config.webHost);
    if (!location) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad Host header\n');
      return;
    }
    res.writeHead(308, { location, 'content-type': 'text/plain' }).end(`see ${location}\n`);
  });
  await listen(redirector, port, config.host, 'tls.http_redirect_port (SEMAPHORE_TLS_HTTP_REDIRECT_PORT)');
  https.once('close', () => {
    redirector.close();
    redirector.closeAllConnections();
  });
}
