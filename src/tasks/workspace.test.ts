import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupUser, type RunAs } from '../security/task-user.ts';
import { TaskWorkspace } from './workspace.ts';

const asRoot = process.getuid?.() === 0;
const taskUser = asRoot ? lookupUser('nobody') : null;

describe('TaskWorkspace', () => {
  test("task_<id>/ is the server's (0711) and work/ with secrets/ owner-only; cleanup removes all of it", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'signalman-ws-')), 'task_1');
    const ws = await TaskWorkspace.create(folder);
    assert.equal(ws.dir, join(folder, 'work'));
    assert.equal(statSync(folder).mode & 0o777, 0o711);
    assert.equal(statSync(ws.dir).mode & 0o777, 0o700);
    assert.equal(statSync(ws.path('secrets')).mode & 0o777, 0o700);
    const script = await ws.secretFile('askpass.sh', '#!/bin/sh\n', 0o700);
    assert.equal(statSync(script).mode & 0o777, 0o700);
    await ws.cleanup();
    assert.equal(existsSync(folder), false);
  });

  test("a file the server writes never goes through a link planted in the task's folder", async () => {
    const base = mkdtempSync(join(tmpdir(), 'signalman-ws-'));
    const victim = join(base, 'victim');
    writeFileSync(victim, 'untouched');
    const ws = await TaskWorkspace.create(join(base, 'task_2'));
    symlinkSync(victim, ws.path('inventory'));
    await assert.rejects(ws.privateFile('inventory', 'all:'), /EEXIST/);
    assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    await ws.cleanup();
  });

  test('as root, the task user owns work/, secrets/ and every file the server writes there', {
    skip: taskUser ? false : 'needs root and a "nobody" user',
  }, async () => {
    const runAs: RunAs = { user: taskUser, setpriv: '/usr/bin/setpriv' };
    const folder = join(mkdtempSync(join(tmpdir(), 'signalman-ws-')), 'task_3');
    const ws = await TaskWorkspace.create(folder, runAs);
    const file = await ws.secretFile('vault', 'pw');
    for (const path of [ws.dir, ws.path('secrets'), file]) assert.equal(statSync(path).uid, taskUser!.uid, path);
    assert.equal(statSync(folder).uid, 0, "the markers' folder stays the server's");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await ws.cleanup();
  });
});
