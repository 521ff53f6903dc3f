// The public webhook receiver /api/integrations/{alias} (semaphore-behaviour.md §6.1, §4.7), on SQLite
// and PostgreSQL, end to end: a signed request starts the integration's template as a real task
// through Temporal; a wrong signature, a matcher that does not hold, an unknown alias or a bad
// body starts nothing; the answer is 204 either way, and the secret is never shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DB_KINDS, workDir } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, type ProjectFixture } from './support/fixtures.ts';
import {
  answers,
  createHook,
  createProjectAlias,
  createSecretKey,
  githubSignature,
  sendHook,
} from './support/webhooks.ts';

const SECRET = 'whsec-Ωmega-4f1d9c2b7e';
const GLOBAL_ALIAS = `global-hooks-${process.pid}`;
// As a sender might write it: `2.0` is the number 2, which matchers and values read as "2".
const pushText =
  '{"ref": "refs/heads/main", "after": "c0ffee42", "size": 2.0, "head_commit": {"id": "c0ffee42", "author": {"name": "Ada"}}}';
const json = { 'content-type': 'application/json' };
/** A header holds bytes: the secret's UTF-8 bytes, as fetch sends a Latin-1 string. */
const asHeader = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

for (const kind of DB_KINDS) {
  describe(`webhook receiver on ${kind}`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;
    let templateId: number;
    let secretId: number;
    const logged: string[] = [];
    const consoleError = console.error;

    before(async () => {
      console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
      stack = await startInProcess(kind, { SIGNALMAN_INTEGRATION_ALIAS: GLOBAL_ALIAS });
      const repo = makeRepo({ 'hook.sh': 'for a in "$@"; do echo "arg=$a"; done\n' });
      f = await createProjectWithRepo(stack.admin, repo.url);
      templateId = await createTemplate(stack.admin, f, 'hook.sh');
      secretId = await createSecretKey(stack.admin, f.projectId, SECRET);
    });
    after(async () => {
      console.error = consoleError;
      await stack?.close();
    });

    /** The tasks of `projectId` newer than `afterId`, oldest first, as the API lists them. */
    const tasksSince = async (afterId: number, projectId = f.projectId) =>
      ((await stack.admin.get(`/api/project/${projectId}/tasks`)).body as Array<Record<string, any>>)
        .filter((t) => t.id > afterId)
        .reverse();
    const lastTaskId = async () => (await stack.db.task.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const hook = (path: string, body?: string | Buffer, headers: Record<string, string> = json, method = 'POST') =>
      sendHook(stack.base, path, body, headers, method);

    test('a push signed with the right secret starts the template: no user, integration_id set, the extracted values as environment; it succeeds', async () => {
      const h = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: secretId,
        matchers: [
          { match_type: 'header', method: 'equals', key: 'X-GitHub-Event', value: 'push' },
          { match_type: 'body', method: 'equals', body_data_type: 'json', key: 'ref', value: 'refs/heads/main' },
          { match_type: 'body', method: 'equals', body_data_type: 'json', key: 'size', value: '2' },
        ],
        values: [
          { value_source: 'header', key: 'X-GitHub-Event', variable: 'event' },
          { value_source: 'body', body_data_type: 'json', key: 'head_commit.author.name', variable: 'author' },
          { value_source: 'body', body_data_type: 'json', key: 'size', variable: 'size' },
        ],
      });
      const since = await lastTaskId();
      const res = await hook(h.alias, pushText, {
        ...json,
        'X-GitHub-Event': 'push',
        'X-Hub-Signature-256': githubSignature(SECRET, pushText),
      });
      assert.deepEqual(res, { status: 204, text: '' });

      const [task, ...others] = await tasksSince(since);
      assert.equal(others.length, 0);
      assert.equal(task.user_id, null);
      assert.equal(task.integration_id, h.id);
      assert.equal(task.template_id, templateId);
      assert.deepEqual(JSON.parse(task.environment), { event: 'push', author: 'Ada', size: '2' });
      assert.equal((await stack.admin.waitForTask(f.projectId, task.id)).status, 'success');
      const lines = await stack.admin.output(f.projectId, task.id);
      for (const arg of ['arg=event=push', 'arg=author=Ada', 'arg=size=2'])
        assert.ok(lines.includes(arg), lines.join('\n'));
      assert.ok(!lines.join('\n').includes(SECRET));
    });

    test('a wrong or missing signature, a wrong token or an integration without a secret starts nothing, and the log says why', async () => {
      const github = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: secretId,
      });
      const token = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'token',
        auth_secret_id: secretId,
        auth_header: 'X-Hook-Token',
      });
      const hmac = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'hmac',
        auth_secret_id: secretId,
        auth_header: 'X-Signature',
      });
      // The project's "None" key holds no password: an HMAC under an empty secret proves nothing.
      const noSecret = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        auth_method: 'github',
        auth_secret_id: f.keyId,
      });
      const since = await lastTaskId();
      logged.length = 0;
      const refused: Array<[string, Record<string, string>, string?]> = [
        [github.alias, { 'X-Hub-Signature-256': githubSignature('a guess', pushText) }],
        [github.alias, {}],
        [github.alias, { 'X-Hub-Signature-256': githubSignature(SECRET, `${pushText} `) }], // signed, then altered
        [token.alias, { 'X-Hook-Token': `${asHeader(SECRET)}x` }],
        [token.alias, { 'X-Other': asHeader(SECRET) }],
        [hmac.alias, { 'X-Signature': githubSignature(SECRET, pushText) }], // hmac takes no sha256= prefix
        [noSecret.alias, { 'X-Hub-Signature-256': githubSignature('', pushText) }],
      ];
      for (const [alias, headers] of refused)
        assert.equal((await hook(alias, pushText, { ...json, ...headers })).status, 204);
      assert.deepEqual(await tasksSince(since), []);
      assert.equal(logged.filter((l) => l.includes(`integration ${github.id} `)).length, 3, logged.join('\n'));
      assert.ok(
        logged.some(
          (l) => l.includes(`integration ${token.id} `) && l.includes('X-Hook-Token does not hold the token'),
        ),
        logged.join('\n'),
      );
      assert.ok(
        logged.some(
          (l) => l.includes(`integration ${hmac.id} `) && l.includes('X-Signature is not the HMAC of the body'),
        ),
        logged.join('\n'),
      );
      assert.ok(
        logged.some((l) => l.includes(`integration ${noSecret.id} `) && l.includes('needs a secret')),
        logged.join('\n'),
      );

      // The right token and the bare HMAC do start a task each.
      assert.equal((await hook(token.alias, pushText, { ...json, 'X-Hook-Token': asHeader(SECRET) })).status, 204);
      assert.equal(
        (await hook(hmac.alias, pushText, { ...json, 'X-Signature': githubSignature(SECRET, pushText).slice(7) }))
          .status,
        204,
      );
      const started = await tasksSince(since);
      assert.deepEqual(
        started.map((t) => t.integration_id),
        [token.id, hmac.id],
      );
      for (const t of started) assert.equal((await stack.admin.waitForTask(f.projectId, t.id)).status, 'success');
    });

    test('all matchers must hold; an integration without matchers takes every request', async () => {
      const strict = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        matchers: [
          { match_type: 'header', method: 'unequals', key: 'X-GitHub-Event', value: 'ping' },
          { match_type: 'body', method: 'contains', body_data_type: 'json', key: 'ref', value: 'heads/release' },
        ],
      });
      const open = await createHook(stack.admin, f.projectId, { template_id: templateId });
      const since = await lastTaskId();
      assert.equal(
        (await hook(strict.alias, pushText, { ...json, 'X-GitHub-Event': 'push' })).status,
        204,
        'ref is not a release branch',
      );
      assert.equal(
        (
          await hook(strict.alias, JSON.stringify({ ref: 'refs/heads/release-2' }), {
            ...json,
            'X-GitHub-Event': 'ping',
          })
        ).status,
        204,
        'a ping',
      );
      assert.equal(
        (await hook(strict.alias, JSON.stringify({ ref: 'refs/heads/release-2' }), json)).status,
        204,
        'no event header: unequals does not hold',
      );
      assert.deepEqual(await tasksSince(since), []);

      assert.equal(
        (
          await hook(strict.alias, JSON.stringify({ ref: 'refs/heads/release-2' }), {
            ...json,
            'X-GitHub-Event': 'push',
          })
        ).status,
        204,
      );
      assert.equal((await hook(open.alias)).status, 204);
      const started = await tasksSince(since);
      assert.deepEqual(
        started.map((t) => t.integration_id),
        [strict.id, open.id],
      );
      for (const t of started) assert.equal((await stack.admin.waitForTask(f.projectId, t.id)).status, 'success');
    });

    test('a project alias runs every integration of the project, each seeing the same body; task_params apply', async () => {
      const other = await createProjectWithRepo(stack.admin, 'file:///nowhere/repo');
      const theirTemplate = await createTemplate(stack.admin, other, 'hook.sh');
      await createHook(stack.admin, other.projectId, { template_id: theirTemplate, alias: false }); // not reached through f's alias
      const value = { value_source: 'body', body_data_type: 'json', key: 'head_commit.id', variable: 'commit' };
      const first = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        alias: false,
        values: [value],
      });
      const second = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        alias: false,
        values: [value],
        task_params: {
          message: 'deployed by webhook',
          environment: '{"stage":"prod","commit":"overridden"}',
          template_id: theirTemplate,
        },
      });
      const alias = await createProjectAlias(stack.admin, f.projectId);
      const since = await lastTaskId();
      const theirsBefore = await tasksSince(0, other.projectId);
      assert.equal((await hook(alias, pushText)).status, 204);

      // Every integration of the project runs (those of earlier tests too); these two are checked here.
      const started = await tasksSince(since);
      const byHook = new Map(started.map((t) => [t.integration_id, t]));
      assert.deepEqual(JSON.parse(byHook.get(first.id)!.environment), { commit: 'c0ffee42' });
      const withParams = byHook.get(second.id)!;
      assert.deepEqual(JSON.parse(withParams.environment), { stage: 'prod', commit: 'c0ffee42' });
      assert.equal(withParams.message, 'deployed by webhook');
      assert.equal(
        withParams.template_id,
        templateId,
        'an integration runs its own template, whatever its task_params say',
      );
      assert.ok(started.every((t) => t.project_id === f.projectId));
      assert.deepEqual(await tasksSince(0, other.projectId), theirsBefore);
      for (const t of started) assert.equal((await stack.admin.waitForTask(f.projectId, t.id)).status, 'success');
      assert.ok((await stack.admin.output(f.projectId, withParams.id)).includes('arg=stage=prod'));
    });

    test('the server-wide alias runs the searchable integrations of every project, each in its own project', async () => {
      const repo = makeRepo({ 'hook.sh': 'echo "theirs"\n' });
      const other = await createProjectWithRepo(stack.admin, repo.url);
      const theirTemplate = await createTemplate(stack.admin, other, 'hook.sh');
      const mine = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        searchable: true,
        alias: false,
      });
      const theirs = await createHook(stack.admin, other.projectId, {
        template_id: theirTemplate,
        searchable: true,
        alias: false,
      });
      await createHook(stack.admin, other.projectId, { template_id: theirTemplate, alias: false }); // not searchable
      const since = await lastTaskId();
      assert.equal((await hook(GLOBAL_ALIAS, pushText)).status, 204);
      const started = await stack.db.task.findMany({ where: { id: { gt: since } }, orderBy: { id: 'asc' } });
      assert.deepEqual(
        started.map((t) => [t.integration_id, t.project_id]),
        [
          [mine.id, f.projectId],
          [theirs.id, other.projectId],
        ],
      );
      assert.equal((await stack.admin.waitForTask(f.projectId, started[0].id)).status, 'success');
      assert.equal((await stack.admin.waitForTask(other.projectId, started[1].id)).status, 'success');
    });

    test('GET and OPTIONS are received as POST is; HEAD and unknown or odd aliases start nothing', async () => {
      const open = await createHook(stack.admin, f.projectId, { template_id: templateId });
      const since = await lastTaskId();
      for (const path of ['nosuchalias00000', '%00', 'x'.repeat(300), '..%2F..%2Fetc', '%24(id)', `${open.alias}%20`]) {
        assert.equal((await hook(path, pushText)).status, 204, path);
      }
      assert.equal((await hook(open.alias, undefined, {}, 'HEAD')).status, 204);
      assert.deepEqual(await tasksSince(since), []);
      assert.equal((await hook(open.alias, undefined, {}, 'GET')).status, 204);
      assert.equal((await hook(open.alias, undefined, {}, 'OPTIONS')).status, 204);
      const started = await tasksSince(since);
      assert.equal(started.length, 2);
      for (const t of started) assert.equal((await stack.admin.waitForTask(f.projectId, t.id)).status, 'success');
    });

    test('oversized and unreadable bodies are refused (413, 400, 415) and start nothing; a body that is not JSON is text', async () => {
      const open = await createHook(stack.admin, f.projectId, { template_id: templateId });
      const wantsJson = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        matchers: [{ match_type: 'body', method: 'unequals', body_data_type: 'json', key: 'ref', value: 'x' }],
      });
      const text = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        matchers: [{ match_type: 'body', method: 'contains', body_data_type: 'string', value: 'deploy please' }],
        values: [{ value_source: 'body', body_data_type: 'string', variable: 'payload' }],
      });
      const since = await lastTaskId();
      const tooLarge = await hook(open.alias, JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
      assert.equal(tooLarge.status, 413);
      assert.match(JSON.parse(tooLarge.text).error, /too large/);
      const corrupt = await hook(open.alias, Buffer.from('not gzip at all'), { ...json, 'Content-Encoding': 'gzip' });
      assert.equal(corrupt.status, 400);
      assert.match(JSON.parse(corrupt.text).error, /^request body cannot be read/);
      assert.equal((await hook(open.alias, pushText, { ...json, 'Content-Encoding': 'compress' })).status, 415);
      const malformed = '{"ref": "refs/heads/main", deploy please';
      assert.equal((await hook(wantsJson.alias, malformed)).status, 204, 'json matchers do not hold on text');
      assert.deepEqual(await tasksSince(since), []);

      assert.equal((await hook(text.alias, gzipSync(malformed), { ...json, 'Content-Encoding': 'gzip' })).status, 204);
      const [task, ...others] = await tasksSince(since);
      assert.equal(others.length, 0);
      assert.equal(task.integration_id, text.id);
      assert.deepEqual(JSON.parse(task.environment), { payload: malformed });
      assert.equal((await stack.admin.waitForTask(f.projectId, task.id)).status, 'success');
    });

    test('hostile strings in the body are only data: the task gets them verbatim and no shell runs them', async () => {
      const marker = join(workDir('pwned'), 'ran');
      const hostile = `$(touch ${marker}); \`touch ${marker}\`; touch ${marker} | x && y\n--upload-pack=touch ${marker}`;
      const h = await createHook(stack.admin, f.projectId, {
        template_id: templateId,
        values: [{ value_source: 'body', body_data_type: 'json', key: 'msg', variable: 'msg' }],
      });
      const since = await lastTaskId();
      assert.equal((await hook(h.alias, JSON.stringify({ msg: hostile }))).status, 204);
      const [task] = await tasksSince(since);
      assert.deepEqual(JSON.parse(task.environment), { msg: hostile });
      assert.equal((await stack.admin.waitForTask(f.projectId, task.id)).status, 'success');
      assert.ok((await stack.admin.output(f.projectId, task.id)).includes(`arg=msg=${hostile.split('\n')[0]}`));
      assert.equal(existsSync(marker), false);
    });

    test('the secret is in no answer, no task output and no log line', async () => {
      assert.ok(answers.length > 10);
      for (const text of answers) assert.ok(!text.includes(SECRET), text);
      const outputs = await stack.db.taskOutput.findMany({ where: { output: { contains: SECRET } } });
      assert.deepEqual(outputs, []);
      const tasks = await stack.db.task.findMany({ where: { environment: { contains: SECRET } } });
      assert.deepEqual(tasks, []);
      for (const line of logged) assert.ok(!line.includes(SECRET), line);
      assert.ok(
        !JSON.stringify((await stack.admin.get(`/api/project/${f.projectId}/keys/${secretId}`)).body).includes(SECRET),
      );
    });
  });
}
