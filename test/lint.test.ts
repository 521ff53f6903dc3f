// Biome over the tree (biome.jsonc): the linter must find nothing, warnings included, and every
// file must be formatted as `npm run format` leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from '../src/paths.ts';

function biome(...args: string[]) {
  const bin = resolve(projectRoot, 'node_modules/@biomejs/biome/bin/biome');
  const run = spawnSync(process.execPath, [bin, ...args, '--colors=off'], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('biome lint finds nothing in the tree', () => {
  const { status, output } = biome('lint', '--error-on-warnings');
  assert.equal(status, 0, output);
});

test('biome check finds the tree formatted', () => {
  const { status, output } = biome('check', '--error-on-warnings');
  assert.equal(status, 0, output);
});
