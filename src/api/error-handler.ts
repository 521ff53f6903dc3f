// The one place where errors become HTTP responses: `{"error": "..."}` with the right status.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, TooManyRequestsError } from '../services/errors.ts';
import { StoredJsonError } from '../store/json-columns.ts';

export const notFoundRoute: RequestHandler = (req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
};

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof AppError) {
    if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfterSeconds));
    res.status(err.status).json({ error: err.message, ...err.extra });
    return;
  }
  // The request is fine but a row it needs holds bad JSON: a server-side fault only fixing that row
  // cures, so a 500, but one that names the row, for the caller and in the log.
  if (err instanceof StoredJsonError) {
    console.error(`[api] bad stored JSON: ${err.message}`);
    res.status(500).json({ error: err.message });
    return;
  }
  // body-parser errors: malformed JSON, oversized bodies, wrong charset.
  const status =
    typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    const message =
      err.type === 'entity.parse.failed'
        ? 'request body is not valid JSON'
        : err.type === 'entity.too.large'
          ? 'request body is too large'
          : String(err.message ?? 'bad request');
    res.status(status).json({ error: message });
    return;
  }
  console.error('[api] unexpected error:', err);
  res.status(500).json({ error: 'internal error' });
};
