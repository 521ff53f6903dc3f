// Schedules through the API (stored only; firing them is the scheduler's job), on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import { memberClient, projectEvents } from './support/members.ts';

for (const kind of DB_KINDS) {
  describe(`schedules on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let other: ProjectFixture;
    let templateId: number;
    let otherTemplateId: number;
    const url = (path = '') => `/api/project/${f.projectId}/schedules${path}`;
    const count = () => stack.db.schedule.count();

    before(async () => {
      stack = await startInProcess(kind);
      f = await createProjectWithRepo(stack.admin, 'file:///nowhere/repo');
      other = await createProjectWithRepo(stack.admin, 'file:///nowhere/other');
      templateId = await createTemplate(stack.admin, f, 'nightly.sh');
      otherTemplateId = await createTemplate(stack.admin, other, 'theirs.sh');
    });
    after(async () => stack?.close());

    test('a cron schedule is created with 201, listed with its template name, updated, toggled and deleted, each change logged', async () => {
      const created = await stack.admin.post(url(), {
        template_id: templateId,
        name: 'nightly',
        cron_format: '0 3 * * *',
      });
      assert.equal(created.status, 201, created.text);
      const id = created.body.id;
      assert.deepEqual(created.body, {
        id,
        project_id: f.projectId,
        template_id: templateId,
        cron_format: '0 3 * * *',
        name: 'nightly',
        active: true,
        repository_id: null,
        type: '',
        run_at: null,
        delete_after_run: false,
        task_params: {},
      });
      const list = await stack.admin.get(url());
      assert.equal(list.status, 200);
      const row = list.body.find((s: { id: number }) => s.id === id);
      assert.equal(
        row.tpl_name,
        (await stack.admin.get(`/api/project/${f.projectId}/templates/${templateId}`)).body.name,
      );

      const put = await stack.admin.put(url(`/${id}`), {
        id,
        project_id: f.projectId,
        template_id: templateId,
        name: 'hourly',
        cron_format: '@hourly',
        active: true,
        task_params: { debug: true },
      });
      assert.equal(put.status, 204, put.text);
      const got = (await stack.admin.get(url(`/${id}`))).body;
      assert.equal(got.cron_format, '@hourly');
      assert.equal(got.name, 'hourly');
      assert.deepEqual(got.task_params, { debug: true });

      assert.equal((await stack.admin.put(url(`/${id}/active`), { active: false })).status, 204);
      assert.equal((await stack.admin.get(url(`/${id}`))).body.active, false);
      assert.equal((await stack.admin.put(url(`/${id}/active`), { active: true })).status, 204);
      assert.equal((await stack.admin.get(url(`/${id}`))).body.active, true);

      assert.equal((await stack.admin.delete(url(`/${id}`))).status, 204);
      assert.equal((await stack.admin.get(url(`/${id}`))).status, 404);
      const events = (await projectEvents(stack, f.projectId)).filter(
        (e) => e.object_type === 'schedule' && e.object_id === id,
      );
      assert.deepEqual(
        events.map((e) => e.description),
        [
          `Schedule ID ${id} deleted`,
          `Schedule ID ${id} activated`,
          `Schedule ID ${id} deactivated`,
          `Schedule ID ${id} updated`,
          `Schedule ID ${id} created`,
        ],
      );
    });

    test('POST /schedules/validate accepts 5-field cron and descriptors, and answers "Cron: …" otherwise', async () => {
      for (const cron_format of ['* * * * *', '*/15 9-17 * * MON-FRI', '@daily', '@every 1h30m']) {
        const res = await stack.admin.post(url('/validate'), { cron_format });
        assert.equal(res.status, 200, `${cron_format}: ${res.text}`);
      }
      const cases: Array<[unknown, RegExp]> = [
        [{ cron_format: '* * * *' }, /^Cron: expected 5 fields/],
        [{ cron_format: '61 * * * *' }, /^Cron: minute: /],
        [{ cron_format: '@fortnightly' }, /^Cron: unknown descriptor/],
        [{ cron_format: '' }, /^Cron: is empty/],
        [{}, /^cron_format: /],
        [{ cron_format: 5 }, /^cron_format: must be a string/],
      ];
      for (const [body, message] of cases) {
        const res = await stack.admin.post(url('/validate'), body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error, message);
      }
    });

    test('a one-off run_at schedule needs no cron; run-on-commit schedules name a repository of the project', async () => {
      const runAt = '2031-05-04T10:00:00Z';
      const once = await stack.admin.post(url(), {
        template_id: templateId,
        type: 'run_at',
        run_at: runAt,
        delete_after_run: true,
      });
      assert.equal(once.status, 201, once.text);
      assert.equal(once.body.type, 'run_at');
      assert.equal(new Date(once.body.run_at).toISOString(), new Date(runAt).toISOString());
      assert.equal(once.body.delete_after_run, true);

      const onCommit = await stack.admin.post(url(), {
        template_id: templateId,
        cron_format: '*/5 * * * *',
        repository_id: f.repositoryId,
      });
      assert.equal(onCommit.status, 201, onCommit.text);
      assert.equal(onCommit.body.repository_id, f.repositoryId);

      const missing = await stack.admin.post(url(), { template_id: templateId, type: 'run_at' });
      assert.equal(missing.status, 400);
      assert.match(missing.body.error, /^run_at: is required/);
    });

    test('bad bodies are 400 naming the field, and nothing is written', async () => {
      const before = await count();
      const cases: Array<[unknown, RegExp]> = [
        [{ cron_format: '* * * * *' }, /^template_id: /],
        [{ template_id: templateId }, /^cron_format: is empty/],
        [{ template_id: templateId, cron_format: '* * * * * *' }, /^cron_format: expected 5 fields .*got 6/],
        [{ template_id: templateId, cron_format: '* * 32 * *' }, /^cron_format: day of month: /],
        [{ template_id: templateId, cron_format: '@daily', type: 'weekly' }, /^type: /],
        [{ template_id: templateId, type: 'run_at', run_at: 'tomorrow' }, /^run_at: /],
        [{ template_id: templateId, type: 'run_at', run_at: '2030-02-30T10:00:00Z' }, /^run_at: /],
        [{ template_id: templateId, type: 'run_at', run_at: '1900-01-01T00:00:00Z' }, /^run_at: must be after 1970/],
        [{ template_id: templateId, cron_format: '@daily', active: 'yes' }, /^active: /],
        [{ template_id: templateId, cron_format: '@daily', task_params: [1] }, /^task_params: /],
        [{ template_id: templateId, cron_format: '@daily', project_id: other.projectId }, /^project_id: /],
        [{ template_id: 'one', cron_format: '@daily' }, /^template_id: /],
      ];
      for (const [body, message] of cases) {
        const res = await stack.admin.post(url(), body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.match(res.body.error, message, JSON.stringify(body));
      }
      const badActive = await stack.admin.put(url('/1/active'), { active: 'no' });
      assert.equal(badActive.status, 400);
      assert.match(badActive.body.error, /^active: /);
      assert.equal(await count(), before);
    });

    test('templates and repositories of another project are refused, and its schedules are not found here', async () => {
      const before = await count();
      const tpl = await stack.admin.post(url(), { template_id: otherTemplateId, cron_format: '@daily' });
      assert.equal(tpl.status, 400);
      assert.match(
        tpl.body.error,
        new RegExp(`^template_id: template ${otherTemplateId} not found in project ${f.projectId}`),
      );
      const repo = await stack.admin.post(url(), {
        template_id: templateId,
        cron_format: '@daily',
        repository_id: other.repositoryId,
      });
      assert.equal(repo.status, 400);
      assert.match(repo.body.error, /^repository_id: /);
      assert.equal(await count(), before);

      const theirs = await stack.admin.post(`/api/project/${other.projectId}/schedules`, {
        template_id: otherTemplateId,
        cron_format: '@daily',
        name: 'theirs',
      });
      assert.equal(theirs.status, 201, theirs.text);
      const id = theirs.body.id;
      assert.equal((await stack.admin.get(url(`/${id}`))).status, 404);
      assert.equal(
        (await stack.admin.put(url(`/${id}`), { template_id: templateId, cron_format: '@hourly' })).status,
        404,
      );
      assert.equal((await stack.admin.put(url(`/${id}/active`), { active: false })).status, 404);
      assert.equal((await stack.admin.delete(url(`/${id}`))).status, 404);
      const still = (await stack.admin.get(`/api/project/${other.projectId}/schedules/${id}`)).body;
      assert.equal(still.cron_format, '@daily');
      assert.equal(still.active, true);
      assert.equal((await stack.admin.get(url('/999999'))).status, 404);
    });

    test("GET /templates/{id}/schedules lists that template's commit checks only; GET /schedules lists the timed ones only, as upstream", async () => {
      // Semaphore's template editor takes the first schedule of this list as the template's commit
      // check and deletes it when the check is switched off: a cron schedule listed here was lost.
      const tpl = await createTemplate(stack.admin, f, 'weekly.sh');
      const cron = (await stack.admin.post(url(), { template_id: tpl, cron_format: '@weekly' })).body;
      const once = (await stack.admin.post(url(), { template_id: tpl, type: 'run_at', run_at: '2031-01-01T00:00:00Z' }))
        .body;
      const check = (
        await stack.admin.post(url(), { template_id: tpl, cron_format: '*/5 * * * *', repository_id: f.repositoryId })
      ).body;
      const otherTpl = await createTemplate(stack.admin, f, 'other.sh');
      const otherCheck = (
        await stack.admin.post(url(), {
          template_id: otherTpl,
          cron_format: '* * * * *',
          repository_id: f.repositoryId,
        })
      ).body;
      const list = await stack.admin.get(`/api/project/${f.projectId}/templates/${tpl}/schedules`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((x: { id: number; repository_id: number }) => [x.id, x.repository_id]),
        [[check.id, f.repositoryId]],
      );
      const projectList = (await stack.admin.get(url())).body.map((x: { id: number }) => x.id);
      assert.ok(projectList.includes(cron.id) && projectList.includes(once.id), String(projectList));
      assert.ok(!projectList.includes(check.id) && !projectList.includes(otherCheck.id), String(projectList));
      // Each is still there by its id.
      assert.equal((await stack.admin.get(url(`/${check.id}`))).body.repository_id, f.repositoryId);
      assert.equal(
        (await stack.admin.get(`/api/project/${f.projectId}/templates/${otherTemplateId}/schedules`)).status,
        404,
      );
    });

    test('deleting a template takes its schedules with it; a repository used by a schedule is in use', async () => {
      const tpl = await createTemplate(stack.admin, f, 'doomed.sh');
      const s = (await stack.admin.post(url(), { template_id: tpl, cron_format: '@daily' })).body;
      assert.equal((await stack.admin.delete(`/api/project/${f.projectId}/templates/${tpl}`)).status, 204);
      assert.equal((await stack.admin.get(url(`/${s.id}`))).status, 404);

      await stack.admin.post(`/api/project/${f.projectId}/repositories`, {
        name: 'watched',
        git_url: 'file:///nowhere/watched',
        git_branch: 'main',
        ssh_key_id: f.keyId,
      });
      const repo = (await stack.admin.get(`/api/project/${f.projectId}/repositories`)).body.find(
        (r: { name: string }) => r.name === 'watched',
      );
      const watcher = (
        await stack.admin.post(url(), {
          template_id: templateId,
          cron_format: '@hourly',
          repository_id: repo.id,
          name: 'watcher',
        })
      ).body;
      const refs = await stack.admin.get(`/api/project/${f.projectId}/repositories/${repo.id}/refs`);
      assert.deepEqual(refs.body.schedules, [{ id: watcher.id, name: 'watcher' }]);
      const del = await stack.admin.delete(`/api/project/${f.projectId}/repositories/${repo.id}`);
      assert.equal(del.status, 400);
      assert.equal(del.body.inUse, true);
      assert.equal((await stack.admin.delete(url(`/${watcher.id}`))).status, 204);
      assert.equal((await stack.admin.delete(`/api/project/${f.projectId}/repositories/${repo.id}`)).status, 204);
    });

    test('a task runner may read schedules but not change them', async () => {
      const runner = await memberClient(stack, f.projectId, 'task_runner');
      assert.equal((await runner.get(url())).status, 200);
      const before = await count();
      assert.equal((await runner.post(url(), { template_id: templateId, cron_format: '@daily' })).status, 403);
      assert.equal(await count(), before);
    });
  });
}
