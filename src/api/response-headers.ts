// Headers every answer carries, set in one place just before the headers leave:
// - JSON answers say `Content-Type: application/json`, exactly as Semaphore does (its clients and
//   its dredd contract suite compare the whole header; Express would add `; charset=utf-8`, which
//   JSON never needs: it is UTF-8 by definition), and so do 204 answers, which Express sends
//   without a Content-Type while upstream sends `application/json`;
// - a strict Content-Security-Policy: scripts, styles, images and requests from this server only,
//   no inline script or style, no plugins, no framing, no <base>, forms only to this server. The
//   session cookie is readable by scripts (as upstream's clients need, see README, Security), so
//   no page we serve may run a script that is not ours; on JSON answers the policy is inert.
import type { RequestHandler } from 'express';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const JSON_WITH_CHARSET = /^application\/json\s*;\s*charset=utf-8$/i;

export const responseHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const writeHead = res.writeHead;
  // Node calls writeHead once, implicitly or explicitly, before the first byte of every answer.
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
    const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
    const type = this.getHeader('Content-Type');
    if (typeof type === 'string' && JSON_WITH_CHARSET.test(type)) this.setHeader('Content-Type', 'application/json');
    else if (status === 204 && type === undefined) this.setHeader('Content-Type', 'application/json');
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
};
