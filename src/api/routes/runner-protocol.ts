import { Router } from 'express';
import type { ApiDeps } from '../context.ts';
import { parse } from '../validation.ts';
import { lowerKeys, progressBody, registrationBody } from '../../contracts/runner-protocol.ts';
import * as protocol from '../../services/runner-protocol.ts';

/**
 * /api/internal/runners: Semaphore's runner protocol (semaphore-behaviour.md §7). Registration is
 * public (it needs the server's registration token); the rest authenticates by `X-Runner-Token`.
 */
export function runnerProtocolRoutes({ db, config, encryptionKey, journal, engine }: ApiDeps): Router {
  const r = Router();
  const path = '/internal/runners';
  r.post(path, async (req, res) => {
    const token = await protocol.registerRunner(db, config.settings, parse(registrationBody, req.body));
    res.json({ token });
  });
  r.get(path, async (req, res) => {
    const runner = await protocol.protocolRunner(db, req.headers['x-runner-token']);
    const answer = await protocol.pollRunner(
      { db, journal, apps: config.apps, encryptionKey, settings: config.settings },
      runner,
    );
    if ('json' in answer) res.json(answer.json);
    else res.type('application/octet-stream').send(answer.encrypted);
  });
  r.put(path, async (req, res) => {
    const runner = await protocol.protocolRunner(db, req.headers['x-runner-token']);
    const body = parse(progressBody, lowerKeys(req.body));
    const jobs = (body.jobs ?? []).map((j) => ({
      id: j.id,
      status: j.status,
      logRecords: j.logrecords ?? [],
      commit: j.commit ?? undefined,
      stages: j.signalman_stages ?? [],
    }));
    await protocol.applyProgress(db, journal, runner, jobs, (taskId) => engine.stopRequest(taskId));
    res.status(204).end();
  });
  r.delete(path, async (req, res) => {
    const runner = await protocol.protocolRunner(db, req.headers['x-runner-token']);
    await protocol.unregisterRunner(db, runner);
    res.status(204).end();
  });
  return r;
}
