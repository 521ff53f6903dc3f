// The compiled build (scripts/build-info.mjs): used only while it matches the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIsCurrent, buildPaths, sourceHash } from '../scripts/build-info.mjs';

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'signalman-build-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  return root;
}

function build(root: string): void {
  const paths = buildPaths(root);
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(paths.server, '// compiled');
  writeFileSync(paths.workflows, '// bundle');
  writeFileSync(paths.stamp, JSON.stringify({ source: sourceHash(root) }));
}

test('a build is current until a source file or the lock file changes; tests do not count', () => {
  const root = project();
  try {
    assert.equal(buildIsCurrent(root), false, 'no build yet');
    build(root);
    assert.equal(buildIsCurrent(root), true);
    writeFileSync(join(root, 'src', 'cli', 'main.test.ts'), 'test');
    assert.equal(buildIsCurrent(root), true, 'a test file is not part of the build');
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export const a = 2;\n');
    assert.equal(buildIsCurrent(root), false, 'an edited source');
    build(root);
    writeFileSync(join(root, 'src', 'cli', 'extra.ts'), 'export {};\n');
    assert.equal(buildIsCurrent(root), false, 'a new source');
    build(root);
    writeFileSync(join(root, 'package-lock.json'), '{"changed":true}\n');
    assert.equal(buildIsCurrent(root), false, 'other packages installed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a build without its stamp, or with a damaged one, is not used', () => {
  const root = project();
  try {
    build(root);
    writeFileSync(buildPaths(root).stamp, '{not json');
    assert.equal(buildIsCurrent(root), false);
    rmSync(buildPaths(root).stamp);
    assert.equal(buildIsCurrent(root), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
