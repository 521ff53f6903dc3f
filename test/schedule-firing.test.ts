// Schedules fire (DESIGN.md): one Temporal Schedule per schedule row, kept in step with the row
// through the API and at start-up; a firing creates the task as upstream's scheduler does.
// Real Temporal dev server, real tasks; `trigger()` fires a cron schedule now instead of waiting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ScheduleNotFoundError } from '@temporalio/client';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo, type TestRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';
import { temporalScheduleEngine } from '../src/temporal/schedule-engine.ts';
import { scheduleTimerId } from '../src/workflows/names.ts';
import { loadConfig } from '../src/config/index.ts';
import { createScheduleActivities } from '../src/activities/schedule.ts';

for (const kind of DB_KINDS) {
  describe(`schedules fire on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let templateId: number;
    let repo: TestRepo;
    const url = (path = '') => `/api/project/${f.projectId}/schedules${path}`;
    const timer = (id: number) => stack.client.schedule.getHandle(scheduleTimerId(id));
    const create = async (body: Record<string, unknown>) => {
      const res = await stack.admin.post(url(), { template_id: templateId, ...body });
      assert.equal(res.status, 201, res.text);
      return res.body.id as number;
    };
    /** Fires the schedule now and returns what its workflow reported. */
    const fire = async (id: number) => {
      const before = (await timer(id).describe()).info.recentActions.length;
      await timer(id).trigger();
      const actions = await eventually(
        async () => {
          const now = (await timer(id).describe()).info.recentActions;
          return now.length > before && now;
        },
        { what: `schedule ${id} to fire`, interval: 100 },
      );
      return String(await stack.client.workflow.getHandle(actions.at(-1)!.action.workflow.workflowId).result());
    };
    const tasksOf = (scheduleId: number) =>
      stack.db.task.findMany({ where: { schedule_id: scheduleId }, orderBy: { id: 'asc' } });

    before(async () => {
      stack = await startInProcess(kind);
      repo = makeRepo({ 'nightly.sh': 'echo "scheduled run: $*"\n' });
      f = await createProjectWithRepo(stack.admin, repo.url);
      templateId = await createTemplate(stack.admin, f, 'nightly.sh');
    });
    after(async () => stack?.close());

    test('a cron schedule gets its timer in UTC; deactivating pauses it, editing moves it, deleting removes it', async () => {
      const id = await create({ name: 'nightly', cron_format: '0 3 * * *' });
      let d = await timer(id).describe();
      assert.equal(d.state.paused, false);
      assert.equal(d.action.type === 'startWorkflow' && d.action.workflowType, 'scheduledRunWorkflow');
      const next = d.info.nextActionTimes[0];
      assert.deepEqual([next.getUTCHours(), next.getUTCMinutes()], [3, 0]);

      assert.equal((await stack.admin.put(url(`/${id}/active`), { active: false })).status, 204);
      assert.equal((await timer(id).describe()).state.paused, true);
      assert.equal(
        (
          await stack.admin.put(url(`/${id}`), {
            template_id: templateId,
            name: 'later',
            cron_format: '30 4 * * *',
            active: true,
          })
        ).status,
        204,
      );
      d = await timer(id).describe();
      assert.equal(d.state.paused, false);
      assert.deepEqual([d.info.nextActionTimes[0].getUTCHours(), d.info.nextActionTimes[0].getUTCMinutes()], [4, 30]);

      assert.equal((await stack.admin.delete(url(`/${id}`))).status, 204);
      await assert.rejects(timer(id).describe(), ScheduleNotFoundError);
    });

    test('a firing creates the task as upstream: no user, schedule_id set, task_params applied; it runs', async () => {
      const id = await create({
        name: 'with params',
        cron_format: '0 3 * * *',
        task_params: { message: 'nightly', environment: '{"who":"the scheduler"}' },
      });
      const result = await fire(id);
      const [task] = await tasksOf(id);
      assert.equal(result, `task ${task.id}`);
      assert.equal(task.user_id, null);
      assert.equal(task.message, 'nightly');
      const done = await stack.admin.waitForTask(f.projectId, task.id);
      assert.equal(done.status, 'success');
      assert.ok((await stack.admin.output(f.projectId, task.id)).includes('scheduled run: who=the scheduler'));
    });

    test('an inactive schedule runs nothing, even when fired by hand', async () => {
      const id = await create({ name: 'off', cron_format: '0 3 * * *', active: false });
      assert.equal(await fire(id), 'schedule inactive');
      assert.deepEqual(await tasksOf(id), []);
    });

    test('task_params that are not a valid task: nothing runs, and the event log says why', async () => {
      const id = await create({ name: 'bad params', cron_format: '0 3 * * *', task_params: { limit: 5 } });
      assert.match(await fire(id), /^refused: task_params: limit/);
      assert.deepEqual(await tasksOf(id), []);
      const events = await stack.db.event.findMany({ where: { object_type: 'schedule', object_id: id } });
      assert.ok(
        events.some((e) => /could not start a task: task_params: limit/.test(e.description ?? '')),
        JSON.stringify(events),
      );
    });

    test('a one-off run_at schedule fires once at its time; with delete_after_run it is gone afterwards', async () => {
      const at = new Date(Date.now() + 3_000);
      at.setUTCMilliseconds(0);
      const id = await create({ name: 'once', type: 'run_at', run_at: at.toISOString(), delete_after_run: true });
      assert.equal((await timer(id).describe()).state.remainingActions, 1);
      const tasks = await eventually(
        async () => {
          const made = await tasksOf(id);
          return made.length > 0 && made;
        },
        { what: `schedule ${id} to make its task`, timeout: 30_000, interval: 100 },
      );
      assert.equal(tasks.length, 1, 'one task, from the schedule');
      assert.ok(
        tasks[0].created.getTime() >= at.getTime() - 1_000,
        `created ${tasks[0].created.toISOString()}, due ${at.toISOString()}`,
      );
      assert.equal((await stack.admin.waitForTask(f.projectId, tasks[0].id)).status, 'success');
      assert.equal((await stack.admin.get(url(`/${id}`))).status, 404, 'the schedule deleted itself');
      await assert.rejects(timer(id).describe(), ScheduleNotFoundError);
    });

    test('a "run on new commit" schedule runs when its repository has a commit it has not seen, once', async () => {
      const id = await create({ name: 'on commit', cron_format: '* * * * *', repository_id: f.repositoryId });
      const first = await fire(id);
      assert.match(first, /^task \d+$/, 'the first look finds a commit not seen yet');
      assert.equal((await stack.db.schedule.findUniqueOrThrow({ where: { id } })).last_commit_hash, repo.head);
      assert.equal(await fire(id), 'no new commit');
      const head = repo.commit({ 'nightly.sh': 'echo "scheduled run, second version"\n' }, 'second version');
      const third = await fire(id);
      assert.match(third, /^task \d+$/);
      const tasks = await tasksOf(id);
      assert.equal(tasks.length, 2, 'one task per new commit');
      const ran = await stack.admin.waitForTask(f.projectId, tasks[1].id);
      assert.equal(ran.status, 'success');
      assert.equal(ran.commit_hash, head, 'the task ran the commit that triggered it');
    });

    test('a firing whose step is run again (a worker lost in between) makes its task once', async () => {
      const id = await create({ name: 'retried', cron_format: '0 3 * * *' });
      const { fireSchedule } = createScheduleActivities(stack.core);
      const firedAt = Date.now();
      const first = await fireSchedule(id, firedAt);
      assert.match(first, /^task \d+$/);
      assert.equal(await fireSchedule(id, firedAt), first, 'the same firing: the same task');
      assert.equal((await tasksOf(id)).length, 1);
      assert.notEqual(await fireSchedule(id, firedAt + 60_000), first, 'a later firing makes a task of its own');
      assert.equal((await tasksOf(id)).length, 2);
      for (const t of await tasksOf(id)) await stack.admin.waitForTask(f.projectId, t.id);
    });

    test('a run_at in the past gets no timer', async () => {
      const id = await create({ name: 'too late', type: 'run_at', run_at: '2020-01-01T00:00:00Z' });
      await assert.rejects(timer(id).describe(), ScheduleNotFoundError);
    });

    test('start-up reconcile: a row without a timer gets one, a timer without a row is removed', async () => {
      const row = await stack.db.schedule.create({
        data: {
          project_id: f.projectId,
          template_id: templateId,
          cron_format: '15 2 * * *',
          name: 'made behind the API',
        },
      });
      const engine = temporalScheduleEngine(stack.client, stack.db, stack.config);
      await engine.reconcile();
      assert.deepEqual((await timer(row.id).describe()).info.nextActionTimes[0].getUTCMinutes(), 15);
      await stack.db.schedule.delete({ where: { id: row.id } });
      await engine.reconcile();
      await assert.rejects(timer(row.id).describe(), ScheduleNotFoundError);
    });
  });
}

describe('schedules in another time zone', () => {
  let stack: InProcessStack;
  before(async () => {
    stack = await startInProcess('sqlite', { SIGNALMAN_SCHEDULE_TIMEZONE: 'Asia/Tokyo' });
  });
  after(async () => stack?.close());

  test('SIGNALMAN_SCHEDULE_TIMEZONE: cron is read in that zone, and /api/info says which', async () => {
    const repo = makeRepo({ 'tz.sh': 'echo tz\n' });
    const f = await createProjectWithRepo(stack.admin, repo.url);
    const templateId = await createTemplate(stack.admin, f, 'tz.sh');
    const res = await stack.admin.post(`/api/project/${f.projectId}/schedules`, {
      template_id: templateId,
      cron_format: '0 3 * * *',
    });
    assert.equal(res.status, 201, res.text);
    const next = (await stack.client.schedule.getHandle(scheduleTimerId(res.body.id)).describe()).info
      .nextActionTimes[0];
    assert.deepEqual([next.getUTCHours(), next.getUTCMinutes()], [18, 0], '03:00 in Tokyo (UTC+9) is 18:00 UTC');
    assert.equal((await stack.admin.get('/api/info')).body.schedule_timezone, 'Asia/Tokyo');
  });

  test('a time zone that does not exist is refused at start-up, naming the setting', () => {
    assert.throws(
      () => loadConfig({ SIGNALMAN_SCHEDULE_TIMEZONE: 'Mars/Olympus_Mons' }),
      /schedule\.timezone \(SIGNALMAN_SCHEDULE_TIMEZONE\): must be an IANA time zone name/,
    );
  });
});
