import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureDataFolder, sqliteFile } from './data-folder.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('secureDataFolder', () => {
  test('an installation left open (0755 folder, 0644 files) is closed: folders 0700, files 0600, executables keep their owner bits', () => {
    const data = join(mkdtempSync(join(tmpdir(), 'signalman-data-')), 'data');
    mkdirSync(join(data, 'temporal'), { recursive: true, mode: 0o755 });
    chmodSync(data, 0o755);
    for (const file of [
      'signalman.db',
      'signalman.db-wal',
      'signalman.db-shm',
      'access_key_encryption.key',
      'temporal/temporal.db',
    ]) {
      writeFileSync(join(data, file), 'x', { mode: 0o644 });
      chmodSync(join(data, file), 0o644);
    }
    writeFileSync(join(data, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    chmodSync(join(data, 'tool'), 0o755);
    secureDataFolder(data, `file:${join(data, 'signalman.db')}`);
    assert.equal(mode(data), 0o700);
    assert.equal(mode(join(data, 'temporal')), 0o700);
    for (const file of [
      'signalman.db',
      'signalman.db-wal',
      'signalman.db-shm',
      'access_key_encryption.key',
      'temporal/temporal.db',
    ]) {
      assert.equal(mode(join(data, file)), 0o600, file);
    }
    assert.equal(mode(join(data, 'tool')), 0o700);
  });

  test('a database outside the data folder is closed too, with its sidecars; its folder is left alone', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'signalman-db-'));
    chmodSync(elsewhere, 0o755);
    for (const suffix of ['', '-wal', '-journal']) writeFileSync(join(elsewhere, `s.db${suffix}`), '', { mode: 0o644 });
    for (const suffix of ['', '-wal', '-journal']) chmodSync(join(elsewhere, `s.db${suffix}`), 0o644);
    secureDataFolder(join(elsewhere, 'data'), `file:${join(elsewhere, 's.db')}?connection_limit=1`);
    for (const suffix of ['', '-wal', '-journal']) assert.equal(mode(join(elsewhere, `s.db${suffix}`)), 0o600, suffix);
    assert.equal(mode(elsewhere), 0o755);
    assert.equal(mode(join(elsewhere, 'data')), 0o700, 'a missing data folder is created owner-only');
  });

  test('a symbolic link in the data folder is not followed', () => {
    const base = mkdtempSync(join(tmpdir(), 'signalman-link-'));
    const outside = join(base, 'outside');
    writeFileSync(outside, '', { mode: 0o644 });
    chmodSync(outside, 0o644);
    mkdirSync(join(base, 'data'));
    symlinkSync(outside, join(base, 'data', 'link'));
    secureDataFolder(join(base, 'data'), 'postgres://x/y');
    assert.equal(mode(outside), 0o644);
  });

  test('sqliteFile reads the path of a file: URL and nothing of a PostgreSQL one', () => {
    assert.equal(sqliteFile('file:/a/b.db?x=1'), '/a/b.db');
    assert.equal(sqliteFile('postgres://u:p@h/db'), null);
  });
});
