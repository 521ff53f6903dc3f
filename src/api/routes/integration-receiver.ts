import express, { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../context.ts';
import { AppError } from '../../services/errors.ts';
import { webhookPayload } from '../../domain/integration-matching.ts';
import { receiveWebhook } from '../../services/integration-receiver.ts';

/**
 * The body's bytes as they came: signatures are HMACs of them, and "string" matchers see text that
 * need not be JSON. The same size limit as every other route.
 */
function rawBody(limit: string): RequestHandler {
  const parser = express.raw({ type: () => true, limit });
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const { status, type, message } = err as { status?: number; type?: string; message?: string };
      if (type === 'entity.too.large')
        return next(new AppError(413, `request body is too large: the limit is ${limit}`));
      // A truncated body, a corrupt or unknown Content-Encoding.
      if (status && status >= 400 && status < 500)
        return next(new AppError(status, `request body cannot be read: ${message}`));
      next(err);
    });
}

/**
 * /api/integrations/{alias}: the public webhook receiver (semaphore-behaviour.md §6.1). No session:
 * each integration checks the request itself. The answer is 204 whatever happened, as upstream's,
 * so a caller learns nothing about aliases, matchers or secrets; what went wrong is in the server log.
 */
export function integrationReceiverRoutes(
  { db, engine, journal, encryptionKey, config }: ApiDeps,
  bodyLimit: string,
): Router {
  const r = Router();
  const receive: RequestHandler = async (req, res) => {
    // Express answers HEAD with the GET handler; HEAD is not one of upstream's methods and starts nothing.
    if (req.method !== 'HEAD') {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const deps = { db, engine, journal, encryptionKey, globalAlias: config.integrationAlias };
      await receiveWebhook(deps, String(req.params.alias), webhookPayload(req.headers, body));
    }
    res.status(204).end();
  };
  const path = '/integrations/:alias';
  const body = rawBody(bodyLimit);
  r.get(path, body, receive);
  r.post(path, body, receive);
  r.options(path, body, receive);
  return r;
}
