import { Router } from 'express';
import { AppError } from '../../services/errors.ts';

/** GET /api/ws without a WebSocket upgrade (the upgrade itself is handled in src/api/ws/server.ts). */
export function liveRoutes(): Router {
  const r = Router();
  r.get('/ws', () => {
    throw new AppError(426, 'ws: this address takes a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)');
  });
  return r;
}
