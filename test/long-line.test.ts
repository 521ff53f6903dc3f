// Finding 6 of issue 9: one 10 MiB output line without a newline. The task succeeds; the line is
// stored as rows of at most 64 Ki UTF-16 units, each but the last marked `continued`, that join
// back to the exact text; /api/ws streams it as the same pieces; and a secret that straddles
// two pieces is still masked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { DB_KINDS } from './support/env.ts';
import { startInProcess, type InProcessStack } from './support/in-process.ts';
import { makeRepo } from './support/git-repo.ts';
import { createProjectWithRepo, createTemplate, runTask, type ProjectFixture } from './support/fixtures.ts';
import { eventually } from './support/eventually.ts';

const PIECE = 64 * 1024;
const NUMBERS = 1024 * 1024; // "%09d," each: 10 MiB
const LONG_SCRIPT = `awk 'BEGIN { for (i = 0; i < ${NUMBERS}; i++) printf "%09d,", i }'\n`;
const longLine = () => Array.from({ length: NUMBERS }, (_, i) => `${String(i).padStart(9, '0')},`).join('');
const SECRET = 'straddling-SECRET-4711';
// The secret starts 6 units before the first piece boundary, so the raw text is cut through it.
const SECRET_SCRIPT = `awk 'BEGIN { for (i = 0; i < ${PIECE - 6}; i++) printf "a" }'; printf '%s' "$API_TOKEN"; awk 'BEGIN { for (i = 0; i < 70000; i++) printf "b" }'; echo\n`;

interface Row {
  output: string;
  continued?: boolean;
}

/** Joins each run of continued rows with the row after it, as a reader that knows the field does. */
function joinPieces(rows: Row[]): string[] {
  const lines: string[] = [];
  let open = '';
  for (const r of rows) {
    open += r.output;
    if (!r.continued) {
      lines.push(open);
      open = '';
    }
  }
  assert.equal(open, '', 'the last row of a line is not continued');
  return lines;
}

function liveClient(base: string, token: string): Promise<{ socket: WebSocket; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, {
      headers: { authorization: `Bearer ${token}` },
      maxPayload: 16 * 1024 * 1024,
    });
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.once('open', () => resolve({ socket, messages }));
    socket.once('error', reject);
  });
}

for (const kind of DB_KINDS) {
  describe(`a 10 MiB line without a newline (${kind})`, () => {
    let stack: InProcessStack;
    let f: ProjectFixture;

    before(async () => {
      stack = await startInProcess(kind);
      f = await createProjectWithRepo(
        stack.admin,
        makeRepo({ 'long.sh': LONG_SCRIPT, 'secret.sh': SECRET_SCRIPT }).url,
      );
      const env = (await stack.admin.get(`/api/project/${f.projectId}/environment/${f.environmentId}`)).body;
      const put = await stack.admin.put(`/api/project/${f.projectId}/environment/${f.environmentId}`, {
        ...env,
        secrets: [{ type: 'env', name: 'API_TOKEN', secret: SECRET, operation: 'create' }],
      });
      assert.equal(put.status, 204, put.text);
    });
    after(async () => stack?.close());

    test('the task succeeds; the line is stored, and streamed on /api/ws, as continued pieces of at most 64 Ki units that join back exactly', async () => {
      const token = (await stack.admin.post('/api/user/tokens')).body.id as string;
      const live = await liveClient(stack.base, token);
      try {
        const taskId = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'long.sh'));
        assert.equal((await stack.admin.waitForTask(f.projectId, taskId, undefined, 120_000)).status, 'success');
        const expected = longLine();

        const res = await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/output`);
        assert.equal(res.status, 200);
        const rows: Row[] = res.body;
        const pieces = rows.filter((r, i) => r.continued || rows[i - 1]?.continued);
        assert.equal(pieces.length, expected.length / PIECE, 'a 10 MiB line is 160 rows');
        assert.ok(pieces.every((r) => r.output.length <= PIECE));
        assert.ok(
          rows.every((r) => r.continued === true || !('continued' in r)),
          'continued appears only where it is true',
        );
        assert.ok(joinPieces(rows).includes(expected), 'the pieces join back to the exact line');

        const done = () =>
          live.messages.some((m) => m.type === 'update' && m.task_id === taskId && m.status === 'success');
        await eventually(done, { what: 'the live client to hear the task end', timeout: 60_000, interval: 100 });
        const logs: Row[] = live.messages.filter((m) => m.type === 'log' && m.task_id === taskId);
        assert.ok(logs.every((m) => m.output.length <= PIECE));
        assert.equal(logs.filter((m) => m.continued).length, expected.length / PIECE - 1);
        assert.ok(joinPieces(logs).includes(expected), 'the streamed pieces join back to the exact line');
      } finally {
        live.socket.close();
      }
    });

    test('a secret that straddles two pieces is masked in the stored rows', async () => {
      const taskId = await runTask(stack.admin, f.projectId, await createTemplate(stack.admin, f, 'secret.sh'));
      assert.equal((await stack.admin.waitForTask(f.projectId, taskId, undefined, 60_000)).status, 'success');
      const rows: Row[] = (await stack.admin.get(`/api/project/${f.projectId}/tasks/${taskId}/output`)).body;
      assert.ok(
        rows.some((r) => r.continued),
        'the line was stored in pieces',
      );
      for (const part of ['straddling', 'SECRET-4711', 'SECRET'])
        assert.ok(!rows.some((r) => r.output.includes(part)), `no row holds "${part}"`);
      assert.ok(joinPieces(rows).includes(`${'a'.repeat(PIECE - 6)}**********${'b'.repeat(70_000)}`));
    });
  });
}
