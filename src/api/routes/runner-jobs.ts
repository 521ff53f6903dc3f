import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../context.ts';
import { parse, pathId } from '../validation.ts';
import { TASK_STATUSES } from '../../domain/task-status.ts';
import * as jobs from '../../services/runner-jobs.ts';

export const outputBody = z.object({
  lines: z
    .array(
      z.object({
        // task__output.seq is a 32-bit integer; a time that is no date would fail in the database.
        seq: z
          .number()
          .int()
          .positive()
          .max(2 ** 31 - 1),
        time: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time' }),
        output: z.string().max(1_000_000),
        continued: z.boolean().optional(),
      }),
    )
    .max(10_000),
});
export const jobBody = z.object({ secret: z.string().min(1).max(1_000_000) });
export const statusBody = z.object({
  status: z.enum(TASK_STATUSES),
  commit_hash: z
    .string()
    .regex(/^[0-9a-f]{4,64}$/i)
    .optional(),
  commit_message: z.string().max(1000).optional(),
});

export const stageBody = z.object({
  type: z.enum(['repository_clone', 'terraform_plan', 'terraform_apply', 'running']),
  start: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time' }),
  end: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time' }),
  first_seq: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  last_seq: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});

/**
 * /api/runner: what remote runners (`signalman runner`) use, authenticated by `X-Runner-Token`.
 * A runner holds no database credentials and no encryption key: it gets a task's job, decrypted,
 * from here, and sends its output and status back here.
 */
export function runnerJobRoutes({ db, config, encryptionKey, journal, engine }: ApiDeps): Router {
  const r = Router();
  const runnerFor = (token: string | string[] | undefined) =>
    jobs.authenticateRunner(db, Array.isArray(token) ? token[0] : token);

  r.get('/runner/self', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    await jobs.noteTemporalRunner(db, runner.id);
    res.json({
      id: runner.id,
      name: runner.name,
      tag: runner.tag,
      active: runner.active,
      max_parallel_tasks: runner.max_parallel_tasks,
    });
  });
  r.get('/runner/tasks/:task_id/job', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    const taskId = pathId(req.params, 'task_id');
    await jobs.authorizeRunnerForTask(db, runner, taskId);
    res.json(await jobs.runnerJob(db, config.apps, taskId, encryptionKey));
  });
  // The same job, with the task's secret survey values opened from the sealed text its run carries
  // (a POST, so the sealed text travels in the body, never in a URL).
  r.post('/runner/tasks/:task_id/job', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    const taskId = pathId(req.params, 'task_id');
    await jobs.authorizeRunnerForTask(db, runner, taskId);
    const { secret } = parse(jobBody, req.body);
    res.json(await jobs.runnerJob(db, config.apps, taskId, encryptionKey, secret));
  });
  r.get('/runner/tasks/:task_id/status', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    const taskId = pathId(req.params, 'task_id');
    await jobs.authorizeRunnerForTask(db, runner, taskId);
    res.json(await jobs.runnerTaskState(db, engine, taskId));
  });
  r.post('/runner/tasks/:task_id/output', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    const taskId = pathId(req.params, 'task_id');
    await jobs.authorizeRunnerForTask(db, runner, taskId);
    const lines = parse(outputBody, req.body).lines.map((l) => ({
      seq: l.seq,
      time: new Date(l.time),
      output: l.output,
      ...(l.continued ? { continued: true } : {}),
    }));
    await journal.appendNumbered(taskId, lines);
    res.status(204).end();
  });
  r.post('/runner/tasks/:task_id/stages', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    const taskId = pathId(req.params, 'task_id');
    await jobs.authorizeRunnerForTask(db, runner, taskId);
    const stage = parse(stageBody, req.body);
    await journal.recordStage(taskId, {
      type: stage.type,
      start: new Date(stage.start),
      end: new Date(stage.end),
      firstSeq: stage.first_seq,
      lastSeq: stage.last_seq,
    });
    res.status(204).end();
  });
  r.post('/runner/tasks/:task_id/status', async (req, res) => {
    const runner = await runnerFor(req.headers['x-runner-token']);
    const taskId = pathId(req.params, 'task_id');
    await jobs.authorizeRunnerForTask(db, runner, taskId);
    const { status, ...extra } = parse(statusBody, req.body);
    await journal.setStatus(taskId, status, extra);
    res.status(204).end();
  });
  return r;
}
