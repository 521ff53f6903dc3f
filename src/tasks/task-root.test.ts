import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTaskRoot, TaskRootError } from './task-root.ts';

const base = () => mkdtempSync(join(tmpdir(), 'signalman-root-'));

describe('ensureTaskRoot', () => {
  test('creates the task root 0711: others pass through to their folder but cannot list or create', () => {
    const root = join(base(), 'a', 'tasks');
    ensureTaskRoot(root);
    assert.equal(statSync(root).mode & 0o777, 0o711);
  });

  test('an existing root left open is closed again', () => {
    const root = join(base(), 'open');
    mkdirSync(root);
    chmodSync(root, 0o777);
    ensureTaskRoot(root);
    assert.equal(statSync(root).mode & 0o777, 0o711);
  });

  test('a symbolic link planted where the root goes is refused', () => {
    const dir = base();
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'root'));
    assert.throws(
      () => ensureTaskRoot(join(dir, 'root')),
      (err: Error) => err instanceof TaskRootError && /SIGNALMAN_TMP_PATH/.test(err.message),
    );
  });

  test('a folder another user made there in advance is refused', {
    skip: process.getuid?.() === 0 ? false : 'needs root to make a folder of another user',
  }, () => {
    const root = join(base(), 'theirs');
    mkdirSync(root);
    chownSync(root, 65534, 65534);
    assert.throws(() => ensureTaskRoot(root), /belongs to uid 65534/);
  });
});
